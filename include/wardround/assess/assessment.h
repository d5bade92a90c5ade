// SPDX-License-Identifier: Apache-2.0
// Assessments: an organisation's self-assessment against one framework for one period (the
// CAF-aligned DSPT for 2024-25, Cyber Essentials), with owners per node, answers with their
// history, evidence with revisions, effective and expiry dates, an improvement plan, and sign-off
// after which the revision is read-only. docs/assessments.md describes the model, what "complete"
// means for sign-off and how evidence time is judged. Every write names what it refuses and where,
// and changes nothing when it refuses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <wardround/assess/answer_file.h>
#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/store/database.h>

namespace wardround::assess {

// Which assessment a command means: the organisation, the framework's qualified id and the
// period. Writes go to the newest revision, which must be a draft.
struct AssessmentRef {
    std::string org_code;
    std::string framework;  // "DSPT-CAF-2024-25"
    std::string period;     // "2024-25"
};

struct Assessment {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::string org_code;
    std::string framework;
    std::string period;
    int revision = 1;
    std::string status;         // draft | signed-off
    std::string category;       // empty: none given
    std::string profile;        // empty: none
    std::int64_t based_on = 0;  // the signed-off revision this one copied; 0 for the first
    std::string started_at;
    std::string started_by;
    std::string signed_off_at;
    std::string signed_off_by;
    std::string signer_role;
    std::string signoff_statement;

    [[nodiscard]] bool signed_off() const { return status == "signed-off"; }
};

struct StartRequest {
    AssessmentRef ref;
    std::string category;  // optional: one the framework declares
    std::string profile;   // optional: one of this framework or of one it extends
    std::string by;
};

// Starts revision 1, or after a signed-off revision the next one as a draft copying its current
// answers, owners, evidence links and open plan items (the signed-off one stays as it was).
// Errors (nothing changed): kInvalidArgument for an empty `by`, a period that is not "YYYY-YY" of
// consecutive years, a category the framework does not declare, a profile of another framework;
// kNotFound for an unknown organisation, framework or profile; kAlreadyExists when a draft is
// already open for the organisation, framework and period; backend errors.
[[nodiscard]] Result<Assessment> start_assessment(store::Database& database,
                                                  const StartRequest& request,
                                                  Timestamp now);

// The newest revision, or `revision` when given. Errors: kNotFound naming what is missing.
// The reads below that take `revision` mean the same: the newest when it is not given.
[[nodiscard]] Result<Assessment> find_assessment(store::Database& database,
                                                 const AssessmentRef& ref,
                                                 std::optional<int> revision = std::nullopt);

// Every revision of every assessment of the organisation, newest first.
// Errors: kNotFound for an unknown organisation; backend errors.
[[nodiscard]] Result<std::vector<Assessment>> list_assessments(store::Database& database,
                                                               const std::string& org_code);

// Makes `owner` answer for a node (any node of the framework; not an indicator).
// Errors: kNotFound for an unknown assessment or node; kInvalidArgument for an empty owner or
// `by`; kFailedPrecondition when the newest revision is signed off.
[[nodiscard]] Status set_owner(store::Database& database,
                               const AssessmentRef& ref,
                               const std::string& node_id,
                               const std::string& owner,
                               const std::string& by,
                               Timestamp now);

struct AnswerRequest {
    std::string item_id;  // "A2.a.A.1" or qualified "CAF-3.2:A2.a.A.1"
    std::string value;    // in the item's vocabulary: see answer_vocabulary()
    std::string reason;   // required for not-applicable and for differing from a proposal
    std::string comment;
    std::string by;
    // Confirm the newest proposal for the item: `value` may then be empty (the proposal's value is
    // taken) or must equal it.
    bool accept_proposal = false;
};

struct AnswerRecord {
    std::int64_t id = 0;
    std::string item_id;
    std::string value;
    std::string reason;
    std::string comment;
    std::string answered_by;
    std::string answered_at;
    std::string superseded_at;  // empty for the current answer
    std::int64_t proposal_id = 0;
};

// What an item may be answered with: {"true", "false", "not-applicable"} for an indicator;
// {"met", "not-met"} plus "not-applicable" where the node allows it for evidence items and
// requirements; {"achieved", "partially-achieved" (when the outcome has the column),
// "not-achieved"} for an outcome without indicators.
// Errors: kNotFound when the item is not answered in the framework (naming what it is instead).
[[nodiscard]] Result<std::vector<std::string>> answer_vocabulary(store::Database& database,
                                                                 const std::string& framework,
                                                                 const std::string& item_id);

// Records an answer, superseding the current one (kept as history). The proposal is the newest
// propose_answers() run's for the item; when its figures disagree there is nothing to accept, and
// any answer differs from one of them and so needs a reason.
// Errors (nothing changed): kNotFound for an unknown assessment or an item the framework does not
// answer; kInvalidArgument for a value outside the item's vocabulary, not-applicable or a value
// differing from the newest proposal without a reason, --accept-proposal with no proposal, with
// figures that disagree or with a different value, an empty `by`; kFailedPrecondition when the
// newest revision is signed off (checked again inside the write, so a sign-off racing the answer
// cannot be slipped past).
[[nodiscard]] Result<AnswerRecord> answer_item(store::Database& database,
                                               const AssessmentRef& ref,
                                               const AnswerRequest& request,
                                               Timestamp now);

// What import_answers did with an answers file.
struct AnswerImport {
    std::size_t answered = 0;   // rows recorded as new answers
    std::size_t unchanged = 0;  // rows equal to the current answer (value, reason and comment)
    std::size_t blank = 0;      // rows naming an item with no answer: left as they were
};

// Records every row of an answers file (answer_file.h) as answer_item would, by `by`, in one
// transaction: all the rows or none. A row equal to the item's current answer is left alone, so
// loading the same file twice adds no history.
// Errors (nothing changed): those of answer_item, for the first row that fails, with `where`
// naming the file and line and the message the item.
[[nodiscard]] Result<AnswerImport> import_answers(store::Database& database,
                                                  const AssessmentRef& ref,
                                                  const AnswerFile& file,
                                                  const std::string& by,
                                                  Timestamp now);

// An item's answers in the revision, oldest first (the last is current unless superseded).
[[nodiscard]] Result<std::vector<AnswerRecord>> answer_history(
    store::Database& database,
    const AssessmentRef& ref,
    const std::string& item_id,
    std::optional<int> revision = std::nullopt);

// ---------------------------------------------------------------------------------------------
// Proposals from auto-evidence

// One figure's word on one item: what it proposes, or why it proposes nothing.
struct FigureProposal {
    std::string figure_id;  // "supported-os-share"
    std::string title;
    std::string value;     // the figure's value as text ("0.571", "4")
    std::string detail;    // the figure in words with its basis
    std::string as_of;     // the date of the data it rests on; empty when there is none
    std::string proposed;  // empty when the figure is not determinable
    std::string reason;    // the threshold that decided it, or why nothing is proposed
    bool determinable = false;
};

// What auto-evidence proposes for one item of the assessment, beside the current answer.
struct ItemProposal {
    std::string item_id;  // unqualified
    // The value the determinable figures agree on; empty when none is determinable or they
    // disagree (`why_none` then says which).
    std::string proposed;
    std::string why_none;
    std::vector<FigureProposal> figures;
    std::string current;   // the current answer; empty when unanswered
    std::string standing;  // agrees | differs | unanswered | no-proposal
};

struct ProposalRun {
    Assessment assessment;
    std::string computed_at;
    std::size_t stored = 0;  // evidence_proposal rows this run added (one per item and figure)
    std::vector<ItemProposal> items;  // every item of the framework a figure informs, by id
};

// Computes auto-evidence for the assessment's organisation on `now` and keeps what each
// determinable figure proposes for each item of the assessment's framework (figures informing
// other frameworks' items are left out), adding rows to the history so that earlier runs stay
// readable; nothing is answered. `answer_item` with accept_proposal confirms the newest run's
// proposal for an item. Errors (nothing changed): kNotFound for an unknown assessment;
// kFailedPrecondition when the newest revision is signed off; auto-evidence and backend errors.
[[nodiscard]] Result<ProposalRun> propose_answers(store::Database& database,
                                                  const AssessmentRef& ref,
                                                  Timestamp now);

// ---------------------------------------------------------------------------------------------
// Evidence

// Files larger than this are refused: evidence is a document or an export, and the database keeps
// every revision of it in base64.
inline constexpr std::size_t kMaxEvidenceFileBytes = std::size_t{8} << 20U;

struct EvidenceContent {
    std::string kind;  // file | link | note
    std::string title;
    std::string file_path;     // file: read by the library
    std::string url;           // link
    std::string note;          // note
    std::string effective_on;  // YYYY-MM-DD: when it was true; not after today
    std::string expires_on;    // optional YYYY-MM-DD, not before effective_on
    std::string collected_by;
    std::string collected_from;  // optional
};

struct EvidenceRecord {
    std::string key;  // "EV-3"
    int revision = 1;
    std::string revised_by;       // who made this revision; empty for revision 1
    std::string revision_reason;  // why; empty for revision 1
    std::string kind;
    std::string title;
    std::string file_name;
    std::string sha256;
    std::int64_t size_bytes = 0;
    std::string url;
    std::string note;
    std::string effective_on;
    std::string expires_on;
    std::string collected_by;
    std::string collected_from;
    std::string uploaded_at;
    bool expired = false;            // judged on the day of `now`: past expires_on
    std::vector<std::string> items;  // the items of the assessment it is linked to
};

// Adds evidence for the assessment's organisation and links it to `items` of the assessment.
// Errors (nothing changed): kInvalidArgument for a kind that is not file, link or note, missing
// content for the kind, an empty title or collector, a bad or future effective date, an expiry
// before it, a file over kMaxEvidenceFileBytes, a link that is not http(s); kNotFound for an
// unreadable file, an unknown assessment or item; kFailedPrecondition when signed off.
[[nodiscard]] Result<EvidenceRecord> add_evidence(store::Database& database,
                                                  const AssessmentRef& ref,
                                                  const EvidenceContent& content,
                                                  const std::vector<std::string>& items,
                                                  Timestamp now);

// A new revision of a piece of evidence: what is given replaces the previous revision's, and what
// is left empty is kept, so a new expiry date alone needs nothing else.
struct EvidenceRevision {
    std::string key;  // "EV-3"
    // `kind` empty keeps the previous file, link or note; set, it replaces them with the new
    // content (a file is read again). Empty title, dates, collector and source are kept.
    EvidenceContent content;
    bool remove_expiry = false;  // the new revision has no expiry date
    std::string by;              // who revises it
    std::string reason;          // why
};

// Adds a revision of the organisation's evidence under the same key, keeping the earlier ones;
// links and certifications follow it. Revising needs a draft of the assessment named, as any write.
// Errors (nothing changed): as add_evidence for what is given and for the dates that result;
// kInvalidArgument for nothing to change, an empty `by` or reason, an expiry given with
// remove_expiry; kNotFound for an unknown key; kFailedPrecondition when signed off.
[[nodiscard]] Result<EvidenceRecord> revise_evidence(store::Database& database,
                                                     const AssessmentRef& ref,
                                                     const EvidenceRevision& revision,
                                                     Timestamp now);

// Links existing evidence of the organisation (one collected for another of its assessments, say)
// to items of this assessment, and returns it with every item it is now linked to.
// Errors (nothing changed): kInvalidArgument for no item or an empty `by`; kNotFound for an unknown
// key or an item the framework does not answer; kFailedPrecondition when signed off.
[[nodiscard]] Result<EvidenceRecord> link_evidence(store::Database& database,
                                                   const AssessmentRef& ref,
                                                   const std::string& key,
                                                   const std::vector<std::string>& items,
                                                   const std::string& by,
                                                   Timestamp now);

// Removes links from items of this assessment to the evidence (the evidence itself stays), and
// returns it with the items it is still linked to.
// Errors (nothing changed): kInvalidArgument for no item; kNotFound for an unknown key, an unknown
// item or one the evidence is not linked to; kFailedPrecondition when signed off.
[[nodiscard]] Result<EvidenceRecord> unlink_evidence(store::Database& database,
                                                     const AssessmentRef& ref,
                                                     const std::string& key,
                                                     const std::vector<std::string>& items,
                                                     Timestamp now);

// Each piece of the organisation's evidence at the revision the assessment's revision reads (the
// newest for a draft; for a signed-off revision the newest uploaded by its sign-off, so that
// what was signed off on stays what it shows), with the items of the assessment's revision each
// supports and whether it has expired on the day of `now`; by key.
[[nodiscard]] Result<std::vector<EvidenceRecord>> list_evidence(
    store::Database& database,
    const AssessmentRef& ref,
    Timestamp now,
    std::optional<int> revision = std::nullopt);

// A file's stored bytes, checked against the stored SHA-256. Errors: kNotFound; kDataLoss when the
// bytes do not match.
[[nodiscard]] Result<std::string> evidence_file_bytes(store::Database& database,
                                                      const std::string& org_code,
                                                      const std::string& key,
                                                      std::optional<int> revision = std::nullopt);

// ---------------------------------------------------------------------------------------------
// Improvement plan

struct PlanItemRequest {
    std::vector<std::string> items;  // the item ids it addresses (at least one)
    std::string action;
    std::string owner;
    std::string due_on;  // YYYY-MM-DD
    std::string by;
};

struct PlanItem {
    int number = 0;
    std::vector<std::string> items;
    std::string action;
    std::string owner;
    std::string due_on;
    std::string status;  // open | done | dropped
    std::string created_by;
    std::string created_at;
    bool overdue = false;  // open and past its due date on the day of `now`
};

// Errors (nothing changed): kInvalidArgument for no items, an empty action, owner or `by`, a bad
// due date; kNotFound for an unknown assessment or item; kFailedPrecondition when signed off.
[[nodiscard]] Result<PlanItem> add_plan_item(store::Database& database,
                                             const AssessmentRef& ref,
                                             const PlanItemRequest& request,
                                             Timestamp now);

// Moves a plan item to done or dropped (or back to open), recording who, when and why.
// Errors: kInvalidArgument for another status, the status it already has, a drop without a note;
// kNotFound for an unknown number; kFailedPrecondition when signed off.
[[nodiscard]] Result<PlanItem> set_plan_item_status(store::Database& database,
                                                    const AssessmentRef& ref,
                                                    int number,
                                                    const std::string& status,
                                                    const std::string& note,
                                                    const std::string& by,
                                                    Timestamp now);

[[nodiscard]] Result<std::vector<PlanItem>> list_plan_items(
    store::Database& database,
    const AssessmentRef& ref,
    Timestamp now,
    std::optional<int> revision = std::nullopt);

// ---------------------------------------------------------------------------------------------
// Certifications

// A certification the assessment declares, backed by a piece of the organisation's evidence (the
// certificate). The classic DSPT's Standards Exceeded needs one that counts: one whose evidence,
// at its newest revision, has not expired on the day judged (the rule every answer's evidence
// follows). Renewing a certificate is revising its evidence (evidence revise, a new expiry date).
struct CertificationDeclaration {
    std::string certification;  // cyber-essentials-plus | iso-27001 (assessment_rules.h)
    std::string evidence_key;
    std::string evidence_title;  // of its newest revision
    std::string expires_on;      // the evidence's expiry date; empty when it has none
    std::string declared_by;
    std::string declared_at;
    std::string withdrawn_at;  // empty while declared
    std::string withdrawn_by;
    std::string withdrawal_reason;
    bool counts = false;  // the evidence is current on the day of `now`
    // "EV-4 is current until 2026-01-31", "EV-4 expired (its last day was 2025-01-31)", "EV-4 has
    // no expiry date"
    std::string why;
};

struct CertificationRequest {
    std::string certification;  // cyber-essentials-plus | iso-27001
    std::string evidence_key;   // "EV-4"
    std::string by;
};

// Declares a certification for the draft. It is copied into the next revision, as answers are.
// Errors (nothing changed): kInvalidArgument for an unknown certification or an empty `by`;
// kNotFound for an unknown assessment or evidence key; kFailedPrecondition for a framework other
// than a standards one (only the classic DSPT status counts certifications) or a signed-off
// revision; kAlreadyExists when the certification is already declared (withdraw it first, or
// revise its evidence to renew it).
[[nodiscard]] Result<CertificationDeclaration> declare_certification(
    store::Database& database,
    const AssessmentRef& ref,
    const CertificationRequest& request,
    Timestamp now);

// Withdraws a declared certification, keeping the declaration with who withdrew it, when and why.
// Errors (nothing changed): kInvalidArgument for an unknown certification, an empty `by` or
// reason; kNotFound when it is not declared; kFailedPrecondition when signed off.
[[nodiscard]] Result<CertificationDeclaration> withdraw_certification(
    store::Database& database,
    const AssessmentRef& ref,
    const std::string& certification,
    const std::string& reason,
    const std::string& by,
    Timestamp now);

// ---------------------------------------------------------------------------------------------
// Sign-off

struct SignOffRequest {
    std::string by;
    std::string role;  // "SIRO"
    std::string statement;
};

// The items sign-off requires answered: those mandatory for the assessment's category and period
// (an evidence item, requirement or outcome carrying, itself or through a node above it, a
// mandatory flag for them; every indicator of such an outcome), or every answered item of the
// framework when nothing is mandatory for them (no category, or a framework without flags).
[[nodiscard]] Result<std::vector<std::string>> required_items(store::Database& database,
                                                              const AssessmentRef& ref);

// Signs the draft off: from then on every write to it is refused with kFailedPrecondition.
// Errors (nothing changed): kInvalidArgument for an empty signer, role or statement;
// kFailedPrecondition when already signed off or a required item is unanswered (the message
// counts them and names the first few); kNotFound for an unknown assessment.
[[nodiscard]] Result<Assessment> sign_off(store::Database& database,
                                          const AssessmentRef& ref,
                                          const SignOffRequest& request,
                                          Timestamp now);

// ---------------------------------------------------------------------------------------------
// Status

// One answered item as the status shows it.
struct ItemStatus {
    std::string id;
    std::string value;  // empty: unanswered
    std::string answered_by;
    // none: no evidence linked; supported: some linked evidence is current; unsupported: every
    // piece linked has expired (the answer stands, but nothing current backs it).
    std::string support = "none";
    std::vector<std::string> evidence;  // keys, expired ones marked "EV-3 (expired)"
    bool required = false;              // needed for sign-off
};

// An outcome (outcomes), a standard (standards) or a control or category holding requirements
// (controls), with its items.
struct NodeStatus {
    std::string id;
    std::string type;
    std::string title;
    std::string owner;  // the node's, else the nearest owned node's above it
    // Outcomes: achieved | partially-achieved | not-achieved by the CAF rule (assessment_rules.h);
    // standards and controls: met | not-met | incomplete.
    std::string status;
    bool complete = false;  // the answers decide the status
    std::string reason;
    std::string expected;  // outcomes with a profile: the expected level, empty when none
    std::string standing;  // meets | below | no-expectation; empty without a profile
    std::size_t answered = 0;
    std::size_t unsupported = 0;
    std::vector<ItemStatus> items;
};

struct AssessmentStatus {
    Assessment assessment;
    std::string kind;  // outcomes | standards | controls
    std::vector<NodeStatus> nodes;
    std::size_t items = 0;
    std::size_t answered = 0;
    std::size_t required = 0;           // items sign-off needs
    std::size_t required_answered = 0;  // of those
    std::size_t unsupported = 0;        // answers whose only evidence has expired
    std::size_t evidence_expired = 0;   // pieces of linked evidence past their expiry
    std::size_t plan_open = 0;
    std::size_t plan_overdue = 0;
    std::map<std::string, std::size_t> by_status;  // nodes per status
    // Declared certifications (not withdrawn), each judged on the day of `now`; those that count
    // go to the DSPT status.
    std::vector<CertificationDeclaration> certifications;
    // Standards frameworks (the classic DSPT): the organisation's status by the DSPT rule, with
    // open plan items as the improvement plan; empty with the reason when it cannot be judged.
    std::string dspt_status;
    std::string dspt_reason;
};

// The revision's status, judged on the day of `now` (evidence expiry, overdue plan items,
// certifications). Errors: kNotFound for an unknown assessment or revision or a profile no longer
// known; backend errors.
[[nodiscard]] Result<AssessmentStatus> assessment_status(
    store::Database& database,
    const AssessmentRef& ref,
    Timestamp now,
    std::optional<int> revision = std::nullopt);

}  // namespace wardround::assess
