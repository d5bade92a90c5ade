// SPDX-License-Identifier: Apache-2.0
// An assessment projected onto other frameworks: its answers (outcome levels by the CAF rule, leaf
// answers for standards and controls) read through the built-in crosswalks, to say how far it
// already evidences Cyber Essentials or the NIST CSF. The rule is projection.h's; this adds the
// assessment's answers, the crosswalks the library can load, and the library's frameworks as
// targets and intermediates.
#pragma once

#include <string>
#include <vector>

#include <wardround/assess/assessment.h>
#include <wardround/assess/projection.h>
#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/store/database.h>

namespace wardround::assess {

struct AssessmentProjection {
    Assessment assessment;
    std::vector<Projection> projections;  // one per target framework, by target id
    // Crosswalks, built-in or imported, that could not be loaded: "file: reason" (CSF-2.0 ones
    // until the catalogue is imported, or one naming a node an imported framework lacks), so that
    // a missing target is explained rather than silently absent.
    std::vector<std::string> unavailable;
};

// The newest revision of the assessment projected onto `target` (a qualified framework id), or,
// when `target` is empty, onto every framework of the library a route reaches (project(): a
// loadable crosswalk relating the two directly, reversed or inherited, else two composed through
// an intermediate framework), by qualified id. Judged on the day of `now` as assessment_status is.
// Errors: kNotFound for an unknown assessment, a target the library does not hold (naming those
// it does) or one no route reaches (naming those that are, and the unavailable crosswalks with
// why), and when no route reaches any framework with `target` empty; kInvalidArgument for a
// target that shares the assessment framework's nodes (itself, its base, or one extending it).
[[nodiscard]] Result<AssessmentProjection> project_assessment(store::Database& database,
                                                              const AssessmentRef& ref,
                                                              const std::string& target,
                                                              Timestamp now);

}  // namespace wardround::assess
