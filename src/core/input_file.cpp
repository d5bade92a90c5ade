// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <lzma.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <wardround/core/input_file.h>

namespace wardround {

std::string_view compression_name(Compression compression) {
    switch (compression) {
        case Compression::kNone:
            return "none";
        case Compression::kGzip:
            return "gzip";
        case Compression::kXz:
            return "xz";
    }
    return "none";
}

namespace {

constexpr std::size_t kRawChunk = 1 << 16;

std::string hex(std::span<const unsigned char> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char byte : bytes) {
        out.push_back(kDigits[byte >> 4]);
        out.push_back(kDigits[byte & 0xf]);
    }
    return out;
}

struct DigestDeleter {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
    return hex(std::span(digest.data(), length));
}

struct InputFile::State {
    std::string name;
    int fd = -1;
    std::string memory;  // the bytes, when built from memory
    std::size_t memory_pos = 0;
    std::uint64_t raw_size = 0;
    std::uint64_t raw_read = 0;
    bool raw_eof = false;
    Compression compression = Compression::kNone;

    std::unique_ptr<EVP_MD_CTX, DigestDeleter> digest{EVP_MD_CTX_new()};
    std::string digest_hex;

    std::vector<char> in = std::vector<char>(kRawChunk);
    std::size_t in_pos = 0;
    std::size_t in_len = 0;

    z_stream zlib{};
    bool zlib_ready = false;
    bool zlib_member_done = false;
    lzma_stream xz = LZMA_STREAM_INIT;
    bool xz_ready = false;
    bool stream_finished = false;

    std::string peeked;
    std::size_t peeked_pos = 0;
    bool read_started = false;
    std::uint64_t delivered = 0;

    State() { EVP_DigestInit_ex(digest.get(), EVP_sha256(), nullptr); }
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    ~State() {
        if (fd >= 0) {
            ::close(fd);
        }
        if (zlib_ready) {
            inflateEnd(&zlib);
        }
        if (xz_ready) {
            lzma_end(&xz);
        }
    }

    // Refills `in` with raw bytes (hashing them) once it has been consumed.
    Status fill_raw() {
        if (in_pos < in_len || raw_eof) {
            return {};
        }
        in_pos = 0;
        in_len = 0;
        if (fd < 0) {
            const std::size_t n = std::min(in.size(), memory.size() - memory_pos);
            std::memcpy(in.data(), memory.data() + memory_pos, n);
            memory_pos += n;
            in_len = n;
        } else {
            ssize_t n = 0;
            do {
                n = ::read(fd, in.data(), in.size());
            } while (n < 0 && errno == EINTR);
            if (n < 0) {
                return make_error(ErrorCode::kUnavailable,
                                  std::string("cannot read: ") + std::strerror(errno), name);
            }
            in_len = static_cast<std::size_t>(n);
        }
        if (in_len == 0) {
            raw_eof = true;
            return {};
        }
        EVP_DigestUpdate(digest.get(), in.data(), in_len);
        raw_read += in_len;
        return {};
    }

    Result<std::size_t> read_plain(std::span<char> out) {
        WARDROUND_TRY(fill_raw());
        const std::size_t n = std::min(out.size(), in_len - in_pos);
        std::memcpy(out.data(), in.data() + in_pos, n);
        in_pos += n;
        return n;
    }

    [[nodiscard]] tl::unexpected<Error> corrupt(std::string_view what) const {
        return make_error(ErrorCode::kDataLoss,
                          std::string(what) + " near compressed byte " +
                              std::to_string(raw_read - (in_len - in_pos)),
                          name);
    }

    Result<std::size_t> read_gzip(std::span<char> out) {
        if (!zlib_ready) {
            // 15 + 32: accept gzip and zlib headers.
            if (inflateInit2(&zlib, 15 + 32) != Z_OK) {
                return make_error(ErrorCode::kInternal, "zlib initialisation failed", name);
            }
            zlib_ready = true;
        }
        std::size_t produced = 0;
        while (produced == 0 && !stream_finished) {
            WARDROUND_TRY(fill_raw());
            if (in_pos == in_len) {
                if (zlib_member_done) {
                    stream_finished = true;
                    break;
                }
                return corrupt("gzip stream is truncated");
            }
            if (zlib_member_done) {
                // Concatenated gzip members (as `cat a.gz b.gz` makes) form one stream.
                inflateReset(&zlib);
                zlib_member_done = false;
            }
            zlib.next_in = reinterpret_cast<Bytef*>(in.data() + in_pos);
            zlib.avail_in = static_cast<uInt>(in_len - in_pos);
            zlib.next_out = reinterpret_cast<Bytef*>(out.data());
            zlib.avail_out = static_cast<uInt>(out.size());
            const int rc = inflate(&zlib, Z_NO_FLUSH);
            in_pos = in_len - zlib.avail_in;
            produced = out.size() - zlib.avail_out;
            if (rc == Z_STREAM_END) {
                zlib_member_done = true;
            } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                return corrupt(std::string("gzip data is corrupt (") +
                               (zlib.msg != nullptr ? zlib.msg : "inflate failed") + ")");
            }
        }
        return produced;
    }

    Result<std::size_t> read_xz(std::span<char> out) {
        if (!xz_ready) {
            if (lzma_stream_decoder(&xz, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
                return make_error(ErrorCode::kInternal, "xz initialisation failed", name);
            }
            xz_ready = true;
        }
        std::size_t produced = 0;
        while (produced == 0 && !stream_finished) {
            WARDROUND_TRY(fill_raw());
            const bool at_end = in_pos == in_len;
            xz.next_in = reinterpret_cast<const uint8_t*>(in.data() + in_pos);
            xz.avail_in = in_len - in_pos;
            xz.next_out = reinterpret_cast<uint8_t*>(out.data());
            xz.avail_out = out.size();
            const lzma_ret rc = lzma_code(&xz, at_end ? LZMA_FINISH : LZMA_RUN);
            in_pos = in_len - xz.avail_in;
            produced = out.size() - xz.avail_out;
            if (rc == LZMA_STREAM_END) {
                stream_finished = true;
            } else if (rc == LZMA_BUF_ERROR && at_end) {
                return corrupt("xz stream is truncated");
            } else if (rc != LZMA_OK && rc != LZMA_BUF_ERROR) {
                return corrupt("xz data is corrupt (lzma error " + std::to_string(rc) + ")");
            }
        }
        return produced;
    }

    Result<std::size_t> read_decoded(std::span<char> out) {
        switch (compression) {
            case Compression::kNone:
                return read_plain(out);
            case Compression::kGzip:
                return read_gzip(out);
            case Compression::kXz:
                return read_xz(out);
        }
        return std::size_t{0};
    }

    void detect_compression() {
        if (!fill_raw()) {
            return;  // the error surfaces again on the first read
        }
        const std::string_view head(in.data(), in_len);
        if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
            static_cast<unsigned char>(head[1]) == 0x8b) {
            compression = Compression::kGzip;
        } else if (head.size() >= 6 && head.substr(0, 6) == std::string_view("\xfd"
                                                                             "7zXZ\0",
                                                                             6)) {
            compression = Compression::kXz;
        }
    }
};

InputFile::InputFile(std::unique_ptr<State> state) : state_(std::move(state)) {}
InputFile::InputFile(InputFile&&) noexcept = default;
InputFile& InputFile::operator=(InputFile&&) noexcept = default;
InputFile::~InputFile() = default;

Result<InputFile> InputFile::open(const std::string& path) {
    auto state = std::make_unique<State>();
    state->name = path;
    state->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (state->fd < 0) {
        const int error = errno;
        const ErrorCode code = error == ENOENT   ? ErrorCode::kNotFound
                               : error == EACCES ? ErrorCode::kPermissionDenied
                                                 : ErrorCode::kUnavailable;
        return make_error(code, std::string("cannot open: ") + std::strerror(error), path);
    }
    struct stat info {};
    if (::fstat(state->fd, &info) == 0) {
        if (S_ISDIR(info.st_mode)) {
            return make_error(ErrorCode::kInvalidArgument, "is a directory, not a file", path);
        }
        state->raw_size = static_cast<std::uint64_t>(info.st_size);
    }
    state->detect_compression();
    return InputFile(std::move(state));
}

InputFile InputFile::from_memory(std::string name, std::string bytes) {
    auto state = std::make_unique<State>();
    state->name = std::move(name);
    state->raw_size = bytes.size();
    state->memory = std::move(bytes);
    state->detect_compression();
    return InputFile(std::move(state));
}

Result<std::size_t> InputFile::read(std::span<char> buffer) {
    State& s = *state_;
    s.read_started = true;
    if (s.peeked_pos < s.peeked.size()) {
        const std::size_t n = std::min(buffer.size(), s.peeked.size() - s.peeked_pos);
        std::memcpy(buffer.data(), s.peeked.data() + s.peeked_pos, n);
        s.peeked_pos += n;
        s.delivered += n;
        return n;
    }
    auto n = s.read_decoded(buffer);
    if (n) {
        s.delivered += *n;
    }
    return n;
}

Result<std::string_view> InputFile::peek(std::size_t size) {
    State& s = *state_;
    if (s.read_started) {
        return make_error(ErrorCode::kInternal, "peek after read", s.name);
    }
    while (s.peeked.size() < size) {
        char chunk[8192];
        auto n = s.read_decoded(std::span(chunk, std::min(sizeof chunk, size - s.peeked.size())));
        if (!n) {
            return propagate(n.error());
        }
        if (*n == 0) {
            break;
        }
        s.peeked.append(chunk, *n);
    }
    return std::string_view(s.peeked);
}

Result<std::string> InputFile::read_all(std::size_t limit) {
    std::string out;
    std::vector<char> chunk(kRawChunk);
    for (;;) {
        auto n = read(chunk);
        if (!n) {
            return propagate(n.error());
        }
        if (*n == 0) {
            return out;
        }
        if (out.size() + *n > limit) {
            return make_error(ErrorCode::kInvalidArgument,
                              "larger than the " + std::to_string(limit >> 20) +
                                  " MiB this kind of document may have",
                              state_->name);
        }
        out.append(chunk.data(), *n);
    }
}

Result<std::string> InputFile::sha256_hex() {
    State& s = *state_;
    if (s.digest_hex.empty()) {
        // Hash what the decoder has not pulled yet without disturbing it: consume raw bytes only.
        while (!s.raw_eof) {
            s.in_pos = s.in_len;  // safe: only reached when the caller has finished reading
            WARDROUND_TRY(s.fill_raw());
        }
        std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
        unsigned int length = 0;
        EVP_DigestFinal_ex(s.digest.get(), digest.data(), &length);
        s.digest_hex = hex(std::span(digest.data(), length));
    }
    return s.digest_hex;
}

const std::string& InputFile::name() const {
    return state_->name;
}
Compression InputFile::compression() const {
    return state_->compression;
}
std::uint64_t InputFile::raw_size() const {
    return state_->raw_size;
}
std::uint64_t InputFile::raw_bytes_read() const {
    return state_->raw_read;
}
std::uint64_t InputFile::bytes_delivered() const {
    return state_->delivered;
}

}  // namespace wardround
