/*
 * OPSIvars.h (private): the instance variables of the wrapper's classes,
 * written once. Apple's runtime gets them in class extensions in the .m
 * files; GNUstep's gcc runtime, whose ivars are fragile, in the public
 * @interface (OPS_IVARS_IN_HEADERS in OPSDefines.h). Not part of the public
 * API. Each list is one macro, expanded where the class is declared.
 */
#ifndef OPS_IVARS_H
#define OPS_IVARS_H

@class OPSGetOptionsSnapshot;

#define OPS_PRESIGNER_IVARS \
    @private                \
    void *_handle; /* oss_client *, set once by the initializer */

#define OPS_PRESIGNER_CONFIGURATION_IVARS \
    @private                              \
    void *_handle; /* oss_client_config * */

#define OPS_GET_OPTIONS_IVARS \
    @private                  \
    OPSGetOptionsSnapshot *_snapshot; /* the options as a presign sees them; nil: defaults */

#define OPS_PRESIGNED_REQUEST_IVARS \
    @private                        \
    NSString *_URLString;           \
    NSURL *_URL;                    \
    NSString *_HTTPMethod;          \
    NSDate *_signingDate;           \
    NSDate *_expirationDate;        \
    OPS_STRING_DICTIONARY *_headers; \
    NSString *_canonicalRequest;    \
    NSString *_stringToSign;

#define OPS_PRESIGNED_URL_RESULT_IVARS \
    @private                           \
    NSString *_key;                    \
    NSString *_URLString;              \
    NSError *_error;                   \
    NSDate *_signingDate;              \
    NSDate *_expirationDate;

#define OPS_SERVICE_ERROR_IVARS \
    @private                    \
    void *_handle; /* oss_service_error * */ \
    NSString *_code;            \
    NSString *_message;         \
    NSDate *_serverDate;        \
    NSDate *_expirationDate;

#define OPS_SIGNING_KEY_IVARS                                           \
    @private                                                            \
    char *_hex; /* NUL-terminated UTF-8, wiped and freed in -dealloc */ \
    size_t _hexLength;                                                  \
    char *_dateText;                                                    \
    NSString *_date;

#define OPS_URL_INFO_IVARS \
    @private               \
    void *_handle; /* oss_url_info * */ \
    NSString *_bucket;     \
    NSString *_key;        \
    NSString *_accessKeyId; \
    NSString *_region;     \
    NSDate *_signingDate;  \
    NSDate *_expirationDate; \
    OPS_ARRAY(NSString *) *_additionalHeaders;

#define OPS_KEY_LINT_REPORT_IVARS \
    @private                      \
    NSString *_key;               \
    OPSKeyLint _findings;

#endif /* OPS_IVARS_H */
