// download.hpp: sends a presigned GET (or HEAD) with libcurl, every libcurl
// handle in a std::unique_ptr (oss_presign::handle) so that no path leaks one.

#ifndef OSS_GET_DOWNLOAD_HPP
#define OSS_GET_DOWNLOAD_HPP

#include "oss_presign.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace download {

// libcurl's process-wide state: one, in main, before any thread starts.
class curl_global {
public:
    curl_global();
    ~curl_global();
    curl_global(const curl_global &) = delete;
    curl_global &operator=(const curl_global &) = delete;
};

struct settings {
    std::vector<std::string> resolve;  // HOST:PORT:ADDRESS, as curl --resolve
    bool verbose = false;              // libcurl shows the HTTP exchange
};

struct result {
    long status = 0;           // the HTTP status
    std::uint64_t bytes = 0;   // written to the file (2xx only)
    std::string error_body;    // the start of a non-2xx body: OSS's XML error
};

// What a HEAD's answer announces (empty when absent).
struct head_result {
    long status = 0;
    std::string content_length;
    std::string etag;
    std::string crc64;  // x-oss-hash-crc64ecma
    std::string ec;     // x-oss-ec: a refusal's EC (a HEAD's answer has no body)
};

// Sends the request's GET with its signed headers. A 2xx body is written to
// `path` (an empty object gives an empty file); other answers leave no file.
// Throws std::runtime_error when no answer came or the file failed.
result get(const oss_presign::presigned_request &request, const std::string &path,
           const settings &how);

// Sends the request's HEAD with its signed headers and reads the answer's
// headers. Throws std::runtime_error when no answer came.
head_result head(const oss_presign::presigned_request &request, const settings &how);

}  // namespace download

#endif  // OSS_GET_DOWNLOAD_HPP
