// oss_get_cpp: presign an OSS GET with liboss_presign, download it with
// libcurl; the C++17 twin of examples/c/oss_get.c, with the same command line.
//
//   export OSS_ACCESS_KEY_ID=... OSS_ACCESS_KEY_SECRET=...   (OSS_SESSION_TOKEN for STS)
//   oss_get_cpp --endpoint oss-cn-hangzhou.aliyuncs.com --region cn-hangzhou
//               examplebucket "photos/2024 summer.jpg" summer.jpg       (one line)
//
// Prints the URL, then the HTTP status and the number of bytes written. When
// OSS refuses the request, prints its error code and exits with 1. With
// --head (and no OUTPUT), presigns a HEAD and prints the object's size and ETag.
// Build: CMakeLists.txt next to this file (find_package(oss_presign CONFIG)).

#include "download.hpp"
#include "oss_presign.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <iomanip>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace {

const char kUsage[] =
    "usage: oss_get_cpp [options] BUCKET KEY OUTPUT\n"
    "       oss_get_cpp --head [options] BUCKET KEY\n"
    "\n"
    "Presigns a GET of KEY in BUCKET and downloads it to the file OUTPUT;\n"
    "with --head, presigns a HEAD and prints the object's size and ETag.\n"
    "Credentials come from OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and\n"
    "OSS_SESSION_TOKEN (optional).\n"
    "\n"
    "options:\n"
    "  --endpoint URL          [http://|https://]host[:port] (default: $OSS_ENDPOINT)\n"
    "  --region ID             region id, e.g. cn-hangzhou (default: $OSS_REGION)\n"
    "  --path-style            https://endpoint/bucket/key instead of\n"
    "                          https://bucket.endpoint/key\n"
    "  --expires SECONDS       URL lifetime, 1..604800 (default 900)\n"
    "  --signing-time UNIX     sign as of this time instead of now\n"
    "  --header 'NAME: VALUE'  sign this header and send it (repeatable)\n"
    "  --resolve HOST:PORT:ADDRESS\n"
    "                          connect to ADDRESS for HOST:PORT, like curl --resolve\n"
    "                          (repeatable)\n"
    "  --print-url             print the URL and stop (OUTPUT is not written;\n"
    "                          not with --header, whose values the URL cannot carry)\n"
    "  --head                  presign a HEAD, print the object's size and ETag\n"
    "                          (no OUTPUT, nothing downloaded)\n"
    "  --verbose               let libcurl show the HTTP exchange\n"
    "  --help                  show this text\n"
    "\n"
    "exit status: 0 downloaded (--head: the HEAD got HTTP 2xx), 1 refused or\n"
    "failed, 2 usage error\n";

struct arguments {
    std::string endpoint;
    std::string region;
    std::string bucket;
    std::string key;
    std::string output;
    bool path_style = false;
    bool print_url = false;
    bool head = false;
    std::optional<std::uint64_t> expires;
    std::optional<std::int64_t> signing_time;
    std::vector<std::pair<std::string, std::string>> headers;
    download::settings how;
};

// A command line the program cannot run: exit status 2.
struct usage_error {
    std::string message;
};

std::int64_t parse_int64(const std::string &option, const std::string &text) {
    char *end = nullptr;
    errno = 0;
    const long long value = std::strtoll(text.c_str(), &end, 10);
    if (errno != 0 || text.empty() || *end != '\0') {
        throw usage_error{option + " needs a whole number, got " + text};
    }
    return static_cast<std::int64_t>(value);
}

std::string environment(const char *name) {
    const char *value = std::getenv(name);
    return value == nullptr ? std::string() : std::string(value);
}

// Returns std::nullopt after printing the help.
std::optional<arguments> parse_arguments(int argc, char **argv) {
    arguments args;
    args.endpoint = environment("OSS_ENDPOINT");
    args.region = environment("OSS_REGION");
    std::vector<std::string> positional;
    bool options_ended = false;

    for (int i = 1; i < argc; i++) {
        const std::string arg = argv[i];
        if (!options_ended && arg == "--") {
            options_ended = true;  // for a key that starts with '-'
            continue;
        }
        if (options_ended || arg.empty() || arg[0] != '-' || arg == "-") {
            positional.push_back(arg);
            continue;
        }
        if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            return std::nullopt;
        }
        if (arg == "--path-style") {
            args.path_style = true;
            continue;
        }
        if (arg == "--print-url") {
            args.print_url = true;
            continue;
        }
        if (arg == "--head") {
            args.head = true;
            continue;
        }
        if (arg == "--verbose") {
            args.how.verbose = true;
            continue;
        }

        // Every other option takes a value: the next argument.
        if (i + 1 == argc) {
            throw usage_error{"missing value after " + arg};
        }
        const std::string value = argv[++i];
        if (arg == "--endpoint") {
            args.endpoint = value;
        } else if (arg == "--region") {
            args.region = value;
        } else if (arg == "--expires") {
            const std::int64_t seconds = parse_int64(arg, value);
            if (seconds < 0) {
                throw usage_error{"--expires needs a number of seconds, got " + value};
            }
            args.expires = static_cast<std::uint64_t>(seconds);  // the library checks the range
        } else if (arg == "--signing-time") {
            args.signing_time = parse_int64(arg, value);
        } else if (arg == "--header") {
            const auto colon = value.find(':');
            if (colon == std::string::npos || colon == 0) {
                throw usage_error{"--header needs 'NAME: VALUE', got " + value};
            }
            // The library trims the blanks around the value.
            args.headers.emplace_back(value.substr(0, colon), value.substr(colon + 1));
        } else if (arg == "--resolve") {
            args.how.resolve.push_back(value);
        } else {
            throw usage_error{"unknown option " + arg};
        }
    }

    if (args.head && positional.size() != 2) {
        throw usage_error{"--head takes BUCKET KEY (it writes no file)"};
    }
    if (!args.head && positional.size() != 3) {
        throw usage_error{"expected BUCKET KEY OUTPUT"};
    }
    if (args.head && args.print_url) {
        throw usage_error{"--print-url cannot be used with --head"};
    }
    if (args.endpoint.empty()) {
        throw usage_error{"no endpoint: use --endpoint or set OSS_ENDPOINT"};
    }
    if (args.region.empty()) {
        throw usage_error{"no region: use --region or set OSS_REGION"};
    }
    if (args.print_url && !args.headers.empty()) {
        throw usage_error{"--print-url cannot be used with --header"};
    }
    args.bucket = positional[0];
    args.key = positional[1];
    if (!args.head) {
        args.output = positional[2];
    }
    return args;
}

oss_presign::get_options options_of(const arguments &args) {
    oss_presign::get_options options;
    if (args.expires) {
        options.expires(*args.expires);
    }
    if (args.signing_time) {
        options.signing_time(*args.signing_time);
    }
    for (const auto &[name, value] : args.headers) {
        options.header(name, value);
    }
    return options;
}

void print_request(const oss_presign::presigned_request &request) {
    std::cout << request.method() << ' ' << request.url() << '\n';
    for (const auto &header : request.headers()) {
        std::cout << "  " << header.name << ": " << header.value << '\n';
    }
    const auto expiration = static_cast<std::time_t>(request.expiration());
    const std::tm *utc = std::gmtime(&expiration);
    std::cout << "valid until ";
    if (utc != nullptr) {
        std::cout << std::put_time(utc, "%Y-%m-%d %H:%M:%S UTC") << '\n';
    } else {
        std::cout << "?\n";
    }
    std::cout << std::flush;
}

void report_refusal(const download::result &answer) {
    const auto refusal = oss_presign::service_error::parse(answer.error_body);
    if (!refusal) {
        std::cerr << "oss_get_cpp: HTTP " << answer.status
                  << " (the answer carries no OSS error code)\n";
        return;
    }
    std::cerr << "oss_get_cpp: HTTP " << answer.status << ", OSS error " << refusal->code()
              << ": " << refusal->message();
    if (const auto ec = refusal->field("EC"); !ec.empty()) {
        std::cerr << " (EC " << ec << ')';
    }
    std::cerr << '\n';
}

// --head: sends the presigned HEAD and prints what OSS announces.
int run_head(const oss_presign::presigned_request &request, const arguments &args) {
    print_request(request);
    const download::curl_global curl;
    const download::head_result answer = download::head(request, args.how);
    if (answer.status < 200 || answer.status > 299) {
        // A HEAD's answer has no body: OSS's EC comes in the x-oss-ec header.
        std::cerr << "oss_get_cpp: HTTP " << answer.status;
        if (!answer.ec.empty()) {
            std::cerr << " (EC " << answer.ec << ')';
        }
        std::cerr << '\n';
        return 1;
    }
    std::cout << "HTTP " << answer.status << ", size "
              << (answer.content_length.empty() ? "?" : answer.content_length) << " bytes, ETag "
              << (answer.etag.empty() ? "(none)" : answer.etag);
    if (!answer.crc64.empty()) {
        std::cout << ", CRC-64 " << answer.crc64;
    }
    std::cout << '\n';
    return 0;
}

int run(const arguments &args) {
    const oss_presign::client client = oss_presign::client_config(args.endpoint, args.region)
                                           .credentials_from_env()
                                           .path_style(args.path_style)
                                           .build();
    const oss_presign::get_options options = options_of(args);

    if (args.print_url) {
        const oss_presign::owned_string url = client.presign_get_url(args.bucket, args.key, &options);
        std::cout << oss_presign::view(url) << '\n';
        return 0;
    }

    if (args.head) {
        return run_head(client.presign_head(args.bucket, args.key, &options), args);
    }

    const oss_presign::presigned_request request = client.presign_get(args.bucket, args.key, &options);
    print_request(request);

    const download::curl_global curl;
    const download::result answer = download::get(request, args.output, args.how);
    if (answer.status < 200 || answer.status > 299) {
        report_refusal(answer);
        return 1;
    }
    std::cout << "HTTP " << answer.status << ", " << answer.bytes << " bytes written to "
              << args.output << '\n';
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    try {
        const std::optional<arguments> args = parse_arguments(argc, argv);
        return args ? run(*args) : 0;
    } catch (const usage_error &e) {
        std::cerr << "oss_get_cpp: " << e.message << "\n(oss_get_cpp --help shows the options)\n";
        return 2;
    } catch (const oss_presign::error &e) {
        std::cerr << "oss_get_cpp: " << e.what() << " (oss_code " << static_cast<std::uint32_t>(e.code())
                  << ", liboss_presign " << oss_presign::version() << ")\n";
        return 1;
    } catch (const std::exception &e) {
        std::cerr << "oss_get_cpp: " << e.what() << '\n';
        return 1;
    }
}
