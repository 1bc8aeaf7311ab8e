// oss_presign.hpp: C++17 RAII over the C API of liboss_presign (oss_presign.h).
//
// Each handle lives in a std::unique_ptr whose deleter is the handle's own
// _free function, so every path frees it exactly once, exceptions included.
// Every call that fails throws oss_presign::error, which carries the C
// error's code, message and argument name unchanged.
//
// Presigned URLs carry a signature (and an STS token): they are read as
// std::string_view borrowed from the library's handles, which wipe them when
// freed, instead of being copied into std::string.
//
// Thread safety is the C API's: a client may be shared by any number of
// threads; options and configurations are used by one thread at a time.

#ifndef OSS_PRESIGN_HPP
#define OSS_PRESIGN_HPP

#include <oss_presign.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oss_presign {

// A deleter calling a C library's free function on its pointer.
template <auto Free>
struct free_with {
    template <typename T>
    void operator()(T *pointer) const noexcept {
        Free(pointer);
    }
};

template <typename T, auto Free>
using handle = std::unique_ptr<T, free_with<Free>>;

using error_handle = handle<oss_error, oss_error_free>;
using client_config_handle = handle<oss_client_config, oss_client_config_free>;
using client_handle = handle<oss_client, oss_client_free>;
using get_options_handle = handle<oss_get_options, oss_get_options_free>;
using presigned_request_handle = handle<oss_presigned_request, oss_presigned_request_free>;
using service_error_handle = handle<oss_service_error, oss_service_error_free>;
// A char * the library returned: freed (and wiped) by oss_string_free only.
using owned_string = handle<char, oss_string_free>;

// A failed call: the OSS_CODE_* value, the library's message (it names the
// argument and the rule), and the argument's name ("" when about none).
class error : public std::runtime_error {
public:
    explicit error(error_handle failure)
        : std::runtime_error(oss_error_message(failure.get())),
          code_(oss_error_code(failure.get())),
          argument_(oss_error_argument(failure.get())) {}

    error(oss_code code, std::string argument, const std::string &message)
        : std::runtime_error(message), code_(code), argument_(std::move(argument)) {}

    oss_code code() const noexcept { return code_; }
    const std::string &argument() const noexcept { return argument_; }

private:
    oss_code code_;
    std::string argument_;
};

namespace detail {

// Throws the error a C call returned, if any (taking ownership of it).
inline void check(oss_error *failure) {
    if (failure != nullptr) {
        throw error(error_handle(failure));
    }
}

// The C API reads NUL-terminated strings: a U+0000 inside would silently cut
// the value short (and sign another key), so it is refused, as the Java and
// Objective-C wrappers do.
inline const char *c_str(const std::string &text, const char *argument) {
    if (text.find('\0') != std::string::npos) {
        throw error(OSS_CODE_EMBEDDED_NUL, argument,
                    std::string(argument) + ": must not contain U+0000");
    }
    return text.c_str();
}

inline std::string_view view(const char *text) noexcept {
    return text == nullptr ? std::string_view() : std::string_view(text);
}

}  // namespace detail

inline std::string_view view(const owned_string &text) noexcept {
    return detail::view(text.get());
}

// Options of one presigned GET (lifetime, signing time, signed headers...).
class get_options {
public:
    get_options() : handle_(oss_get_options_new()) {
        if (!handle_) {
            throw std::bad_alloc();
        }
    }

    // URL lifetime in seconds, 1..=604800 (default 900).
    get_options &expires(std::uint64_t seconds) {
        detail::check(oss_get_options_set_expires(handle_.get(), seconds));
        return *this;
    }

    // Sign as of this Unix time instead of the clock.
    get_options &signing_time(std::int64_t unix_seconds) {
        detail::check(oss_get_options_set_signing_time(handle_.get(), unix_seconds));
        return *this;
    }

    // A header the download must send, signed with the URL.
    get_options &header(const std::string &name, const std::string &value) {
        detail::check(oss_get_options_add_header(handle_.get(), detail::c_str(name, "header name"),
                                                 detail::c_str(value, "header value")));
        return *this;
    }

    const oss_get_options *get() const noexcept { return handle_.get(); }

private:
    get_options_handle handle_;
};

// A presigned GET or HEAD: URL, method, lifetime and the headers the request
// must send. Owns its strings: it outlives the client and options that made it.
class presigned_request {
public:
    struct header {
        std::string_view name;
        std::string_view value;
    };

    explicit presigned_request(presigned_request_handle request) : handle_(std::move(request)) {}

    // ASCII, canonical encoding: send it unchanged. Valid while *this lives.
    std::string_view url() const noexcept {
        return detail::view(oss_presigned_request_url(handle_.get()));
    }
    std::string_view method() const noexcept {
        return detail::view(oss_presigned_request_method(handle_.get()));
    }
    std::int64_t signing_time() const noexcept {
        return oss_presigned_request_signing_time(handle_.get());
    }
    std::int64_t expiration() const noexcept {
        return oss_presigned_request_expiration(handle_.get());
    }

    // The headers to send exactly as given. Views valid while *this lives.
    std::vector<header> headers() const {
        std::vector<header> all(oss_presigned_request_header_count(handle_.get()));
        for (std::size_t i = 0; i < all.size(); i++) {
            const char *name = nullptr;
            const char *value = nullptr;
            detail::check(oss_presigned_request_header(handle_.get(), i, &name, &value));
            all[i] = header{name, value};
        }
        return all;
    }

private:
    presigned_request_handle handle_;
};

// A client: endpoint, region, addressing, credentials. Thread-safe.
class client {
public:
    // Made by client_config::build.
    explicit client(client_handle adopted) : handle_(std::move(adopted)) {}

    presigned_request presign_get(const std::string &bucket, const std::string &key,
                                  const get_options *options = nullptr) const {
        oss_presigned_request *request = nullptr;
        detail::check(oss_presign_get_request(handle_.get(), detail::c_str(bucket, "bucket"),
                                              detail::c_str(key, "key"),
                                              options ? options->get() : nullptr, &request));
        return presigned_request(presigned_request_handle(request));
    }

    // A HEAD (method "HEAD", signed): the object's headers without its body.
    presigned_request presign_head(const std::string &bucket, const std::string &key,
                                   const get_options *options = nullptr) const {
        oss_presigned_request *request = nullptr;
        detail::check(oss_presign_head_request(handle_.get(), detail::c_str(bucket, "bucket"),
                                               detail::c_str(key, "key"),
                                               options ? options->get() : nullptr, &request));
        return presigned_request(presigned_request_handle(request));
    }

    // Only the URL, for a GET without signed headers.
    owned_string presign_get_url(const std::string &bucket, const std::string &key,
                                 const get_options *options = nullptr) const {
        char *url = nullptr;
        detail::check(oss_presign_get(handle_.get(), detail::c_str(bucket, "bucket"),
                                      detail::c_str(key, "key"),
                                      options ? options->get() : nullptr, &url));
        return owned_string(url);
    }

    const oss_client *get() const noexcept { return handle_.get(); }

private:
    client_handle handle_;
};

// Builds clients: addressing style and where the credentials come from.
class client_config {
public:
    client_config(const std::string &endpoint, const std::string &region) {
        oss_client_config *created = nullptr;
        detail::check(oss_client_config_new(detail::c_str(endpoint, "endpoint"),
                                            detail::c_str(region, "region"), &created));
        handle_.reset(created);
    }

    // OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, OSS_SESSION_TOKEN (optional).
    client_config &credentials_from_env() {
        detail::check(oss_client_config_set_credentials_from_env(handle_.get()));
        return *this;
    }

    client_config &path_style(bool enabled) {
        detail::check(oss_client_config_set_path_style(handle_.get(), enabled));
        return *this;
    }

    // A new client; the configuration can build more.
    client build() const {
        oss_client *created = nullptr;
        detail::check(oss_client_new_from_config(handle_.get(), &created));
        return client(client_handle(created));
    }

private:
    client_config_handle handle_;
};

// The XML error body of a request OSS refused (403, 404...).
class service_error {
public:
    // std::nullopt when the body is not an OSS error.
    static std::optional<service_error> parse(std::string_view body) {
        oss_service_error *parsed = nullptr;
        error_handle failure(oss_service_error_parse(body.data(), body.size(), &parsed));
        if (failure) {
            if (oss_error_code(failure.get()) == OSS_CODE_INVALID_RESPONSE) {
                return std::nullopt;
            }
            throw error(std::move(failure));
        }
        return service_error(service_error_handle(parsed));
    }

    std::string_view code() const noexcept {
        return detail::view(oss_service_error_code(handle_.get()));
    }
    std::string_view message() const noexcept {
        return detail::view(oss_service_error_message(handle_.get()));
    }
    // "RequestId", "EC", "StringToSign"...; empty when absent.
    std::string_view field(const char *name) const noexcept {
        return detail::view(oss_service_error_field(handle_.get(), name));
    }

private:
    explicit service_error(service_error_handle parsed) : handle_(std::move(parsed)) {}

    service_error_handle handle_;
};

// The version of the library linked, which may differ from the header's
// OSS_PRESIGN_VERSION_STRING when a shared library was replaced.
inline std::string_view version() noexcept { return detail::view(oss_version()); }

}  // namespace oss_presign

#endif  // OSS_PRESIGN_HPP
