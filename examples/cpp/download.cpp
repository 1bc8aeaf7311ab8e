// download.cpp: the libcurl side of oss_get_cpp (see download.hpp).

#include "download.hpp"

#include <curl/curl.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>

namespace download {
namespace {

using easy_handle = oss_presign::handle<CURL, curl_easy_cleanup>;
using string_list = oss_presign::handle<curl_slist, curl_slist_free_all>;

constexpr std::size_t kMaxErrorBody = 16384;

// curl_slist_append returns the list's head (new for an empty list), or
// NULL leaving the list as it was.
void append(string_list &list, const std::string &line) {
    curl_slist *head = curl_slist_append(list.get(), line.c_str());
    if (head == nullptr) {
        throw std::bad_alloc();
    }
    static_cast<void>(list.release());
    list.reset(head);
}

struct transfer {
    CURL *curl = nullptr;
    std::string path;
    std::ofstream file;  // opened at the first byte of a 2xx body
    int open_errno = 0;
    result answer;
};

long status_of(CURL *curl) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    return status;
}

bool success(long status) { return status >= 200 && status <= 299; }

// libcurl's write callback: a C caller, so nothing may be thrown through it.
std::size_t on_body(char *data, std::size_t size, std::size_t count, void *user) noexcept {
    auto &t = *static_cast<transfer *>(user);
    const std::size_t length = size * count;
    if (!success(status_of(t.curl))) {
        const std::size_t room = kMaxErrorBody - t.answer.error_body.size();
        t.answer.error_body.append(data, length < room ? length : room);
        return length;
    }
    if (!t.file.is_open()) {
        errno = 0;
        t.file.open(t.path, std::ios::binary | std::ios::trunc);
        if (!t.file) {
            t.open_errno = errno;
            return 0;  // anything but `length` makes libcurl stop
        }
    }
    if (!t.file.write(data, static_cast<std::streamsize>(length))) {
        return 0;
    }
    t.answer.bytes += length;
    return length;
}

std::runtime_error cannot_write(const std::string &path, int error_number) {
    return std::runtime_error("cannot write " + path + ": " +
                              std::strerror(error_number != 0 ? error_number : EIO));
}

}  // namespace

curl_global::curl_global() {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        throw std::runtime_error("curl_global_init failed");
    }
}

curl_global::~curl_global() { curl_global_cleanup(); }

namespace {

// A libcurl handle set up to send `request`: its URL and signed headers, the
// --resolve entries, an error buffer, timeouts.
class prepared {
public:
    prepared(const oss_presign::presigned_request &request, const settings &how)
        : curl_(curl_easy_init()) {
        if (!curl_) {
            throw std::runtime_error("curl_easy_init failed");
        }
        for (const auto &header : request.headers()) {
            append(headers_, std::string(header.name) + ": " + std::string(header.value));
        }
        for (const auto &entry : how.resolve) {
            append(resolve_, entry);
        }
        // url() views a whole C string, so data() is NUL-terminated. The URL
        // is in canonical encoding already: libcurl sends it as it is.
        curl_easy_setopt(curl_.get(), CURLOPT_URL, request.url().data());
        curl_easy_setopt(curl_.get(), CURLOPT_HTTPHEADER, headers_.get());
        curl_easy_setopt(curl_.get(), CURLOPT_RESOLVE, resolve_.get());
        curl_easy_setopt(curl_.get(), CURLOPT_ERRORBUFFER, error_);
        curl_easy_setopt(curl_.get(), CURLOPT_CONNECTTIMEOUT, 30L);
        curl_easy_setopt(curl_.get(), CURLOPT_VERBOSE, how.verbose ? 1L : 0L);
    }
    prepared(const prepared &) = delete;
    prepared &operator=(const prepared &) = delete;

    CURL *get() const noexcept { return curl_.get(); }

    // Why curl_easy_perform failed with `code`.
    std::string error(CURLcode code) const {
        return error_[0] != '\0' ? error_ : curl_easy_strerror(code);
    }

private:
    easy_handle curl_;
    string_list headers_;
    string_list resolve_;
    char error_[CURL_ERROR_SIZE] = "";
};

// libcurl's header callback for a HEAD: keeps what the answer announces; a
// new status line starts over. A C caller: nothing may be thrown through it.
std::size_t on_header(char *data, std::size_t size, std::size_t count, void *user) noexcept {
    auto &answer = *static_cast<head_result *>(user);
    const std::size_t length = size * count;
    try {
        const std::string_view line(data, length);
        if (line.rfind("HTTP/", 0) == 0) {
            answer = head_result{};
            return length;
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            return length;
        }
        std::string name(line.substr(0, colon));
        for (char &c : name) {
            c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        }
        std::string_view value = line.substr(colon + 1);
        const std::size_t first = value.find_first_not_of(" \t");
        const std::size_t last = value.find_last_not_of(" \t\r\n");
        value = first == std::string_view::npos ? std::string_view()
                                                : value.substr(first, last - first + 1);
        if (name == "content-length") {
            answer.content_length = value;
        } else if (name == "etag") {
            answer.etag = value;
        } else if (name == "x-oss-hash-crc64ecma") {
            answer.crc64 = value;
        } else if (name == "x-oss-ec") {
            answer.ec = value;
        }
        return length;
    } catch (...) {
        return 0;  // out of memory: anything but `length` makes libcurl stop
    }
}

}  // namespace

result get(const oss_presign::presigned_request &request, const std::string &path,
           const settings &how) {
    prepared curl(request, how);
    transfer t;
    t.curl = curl.get();
    t.path = path;
    curl_easy_setopt(curl.get(), CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &t);

    const CURLcode code = curl_easy_perform(curl.get());
    t.answer.status = status_of(curl.get());
    const bool opened = t.file.is_open();
    if (opened) {
        t.file.close();
    }
    if (code != CURLE_OK || !success(t.answer.status)) {
        if (opened) {
            std::remove(path.c_str());  // no partial downloads
        }
        if (t.open_errno != 0 || (code == CURLE_WRITE_ERROR && opened)) {
            throw cannot_write(path, t.open_errno);
        }
        if (code != CURLE_OK) {
            throw std::runtime_error("download failed: " + curl.error(code));
        }
        return t.answer;  // OSS refused: the caller reads error_body
    }
    if (!opened) {
        t.file.open(path, std::ios::binary | std::ios::trunc);  // an empty object
        t.file.close();
    }
    if (t.file.fail()) {
        std::remove(path.c_str());
        throw cannot_write(path, errno);
    }
    return t.answer;
}

head_result head(const oss_presign::presigned_request &request, const settings &how) {
    prepared curl(request, how);
    head_result answer;
    curl_easy_setopt(curl.get(), CURLOPT_NOBODY, 1L);  // a HEAD: headers only
    curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &answer);
    const CURLcode code = curl_easy_perform(curl.get());
    if (code != CURLE_OK) {
        throw std::runtime_error("HEAD failed: " + curl.error(code));
    }
    answer.status = status_of(curl.get());
    return answer;
}

}  // namespace download
