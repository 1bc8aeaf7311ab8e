/*
 * JNI glue of org.osspresign.Native over the C ABI (include/oss_presign.h).
 *
 * Plain C11; no Android-only API, so the same file builds for the NDK and for
 * a desktop JVM. One static function per C function (the plainest accessors
 * through the JNI_FREE, JNI_BYTES and JNI_NUMBER macros), bound to Native's
 * methods by RegisterNatives in JNI_OnLoad, the library's only exported
 * symbol (see "Loading" at the end). Each function only converts:
 *
 * - Handles cross as jlong: (jlong)(intptr_t)p and back; 0 is NULL.
 * - Strings come in as UTF-8 byte[] (Java refuses U+0000 and lone surrogates
 *   first, see Utf8.java) and are copied with GetByteArrayRegion into a
 *   NUL-terminated buffer: on the stack when short, else malloc. Every such
 *   copy is wiped before it is released, on every path (secrets, tokens and
 *   URLs cross this way). Strings go out as byte[] (NewByteArray +
 *   SetByteArrayRegion). Never modified UTF-8 (NewStringUTF,
 *   GetStringUTFChars): it would change NUL and emoji bytes.
 * - A fallible function returns its oss_error * as a jlong (0 on success)
 *   and writes results into the Java array passed last, only on success.
 *   Java reads, frees and throws the error; C never builds Java objects
 *   other than byte[].
 * - After every JNI call that can raise an exception, ExceptionCheck; with
 *   an exception pending the function frees what it holds and returns at
 *   once, never leaving an oss_error or a handle unowned.
 *
 * The only Java exceptions raised here are OutOfMemoryError (a malloc failed)
 * and IllegalArgumentException (a NUL byte, which Java already refuses); their
 * classes are cached as global references in JNI_OnLoad, with ASCII messages.
 */
#include <jni.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oss_presign.h"

/* Strings up to this many bytes (without the NUL) are copied to the stack. */
#define SMALL_TEXT 255

static jclass out_of_memory_error;
static jclass illegal_argument_exception;

/* ------------------------------------------------------------------------ */
/* Conversions. */

static jlong to_jlong(const void *p) {
    return (jlong)(intptr_t)p;
}

#define FROM_JLONG(type, h) ((type *)(intptr_t)(h))

/* The accessors that only convert a handle and a result, one line each:
 * JNI_FREE frees a handle, JNI_BYTES returns a borrowed C string as byte[],
 * JNI_NUMBER returns an integer. `name` is the method of Native. */
#define JNI_FREE(name, type, free_fn)                                        \
    static void JNICALL native_##name(JNIEnv *env, jclass cls, jlong handle) { \
        (void)env;                                                           \
        (void)cls;                                                           \
        free_fn(FROM_JLONG(type, handle));                                   \
    }
#define JNI_BYTES(name, type, getter)                                                     \
    static jbyteArray JNICALL native_##name(JNIEnv *env, jclass cls, jlong handle) {      \
        (void)cls;                                                                        \
        return bytes_out(env, getter(FROM_JLONG(const type, handle)));                    \
    }
#define JNI_NUMBER(jtype, name, type, getter)                                             \
    static jtype JNICALL native_##name(JNIEnv *env, jclass cls, jlong handle) {           \
        (void)env;                                                                        \
        (void)cls;                                                                        \
        return (jtype)getter(FROM_JLONG(const type, handle));                             \
    }

/* Throws `cls` with an ASCII message, unless an exception is already pending. */
static void throw_new(JNIEnv *env, jclass cls, const char *ascii_message) {
    if (!(*env)->ExceptionCheck(env)) {
        (*env)->ThrowNew(env, cls, ascii_message);
    }
}

/* A C copy of a Java byte[]: NUL-terminated, ptr NULL for a null array.
 * Every copy may hold a secret (a key secret, a token, a URL that carries
 * one), so every copy is wiped before it is released, on every path. */
struct text {
    char *ptr;
    size_t len;
    char small[SMALL_TEXT + 1];
};

/* Overwrites `n` bytes; the volatile stores are not elided. */
static void wipe(char *p, size_t n) {
    volatile char *v = p;
    size_t i;
    for (i = 0; i < n; i++) {
        v[i] = 0;
    }
}

/* Wipes and releases a copy of `n` bytes that text_in refused, in a buffer of
 * n + 1 (heap or t->small): the whole buffer, its unwritten last byte too. */
static void text_discard(struct text *t, char *p, size_t n) {
    wipe(p, n + 1);
    if (p != t->small) {
        free(p);
    }
}

/* Copies `bytes` into `t`. Returns false with a Java exception pending
 * (t->ptr is then NULL and nothing copied is left unwiped); otherwise
 * release it with text_free. */
static bool text_in(JNIEnv *env, jbyteArray bytes, struct text *t) {
    jsize n;
    char *p;
    t->ptr = NULL;
    t->len = 0;
    if (bytes == NULL) {
        return true;
    }
    n = (*env)->GetArrayLength(env, bytes);
    if (n < 0) {
        throw_new(env, illegal_argument_exception, "oss_presign_jni: negative array length");
        return false;
    }
    p = (size_t)n <= SMALL_TEXT ? t->small : malloc((size_t)n + 1);
    if (p == NULL) {
        throw_new(env, out_of_memory_error, "oss_presign_jni: out of native memory");
        return false;
    }
    (*env)->GetByteArrayRegion(env, bytes, 0, n, (jbyte *)p);
    if ((*env)->ExceptionCheck(env)) {
        text_discard(t, p, (size_t)n); /* part of it may have been copied */
        return false;
    }
    if (memchr(p, '\0', (size_t)n) != NULL) {
        /* Java refuses U+0000 with OSS_CODE_EMBEDDED_NUL before calling;
         * C would silently cut the string here, so never pass it on. */
        text_discard(t, p, (size_t)n);
        throw_new(env, illegal_argument_exception, "oss_presign_jni: string holds a NUL byte");
        return false;
    }
    p[n] = '\0';
    t->ptr = p;
    t->len = (size_t)n;
    return true;
}

/* Wipes the copy, then frees it (a heap one). */
static void text_free(struct text *t) {
    if (t->ptr != NULL) {
        wipe(t->ptr, t->len + 1);
        if (t->ptr != t->small) {
            free(t->ptr);
        }
    }
    t->ptr = NULL;
}

/* A new byte[] with the `n` bytes at `s`, which may hold NUL bytes; NULL for
 * a NULL `s`, or NULL with an exception pending. */
static jbyteArray bytes_out_len(JNIEnv *env, const char *s, size_t n) {
    jbyteArray array;
    if (s == NULL) {
        return NULL;
    }
    if (n > (size_t)INT32_MAX) {
        throw_new(env, out_of_memory_error, "oss_presign_jni: string too long for a Java array");
        return NULL;
    }
    array = (*env)->NewByteArray(env, (jsize)n);
    if (array == NULL) {
        return NULL; /* OutOfMemoryError pending */
    }
    (*env)->SetByteArrayRegion(env, array, 0, (jsize)n, (const jbyte *)s);
    if ((*env)->ExceptionCheck(env)) {
        (*env)->DeleteLocalRef(env, array);
        return NULL;
    }
    return array;
}

/* A new byte[] with the bytes of the C string `s` (no NUL); NULL for a NULL
 * `s`, or NULL with an exception pending. */
static jbyteArray bytes_out(JNIEnv *env, const char *s) {
    return s == NULL ? NULL : bytes_out_len(env, s, strlen(s));
}

/* out[index] = a byte[] of `s`. Returns false with an exception pending. */
static bool bytes_into(JNIEnv *env, jobjectArray out, jsize index, const char *s) {
    jbyteArray array = bytes_out(env, s);
    if (array == NULL) {
        return false;
    }
    (*env)->SetObjectArrayElement(env, out, index, array);
    (*env)->DeleteLocalRef(env, array);
    return !(*env)->ExceptionCheck(env);
}

/* out[0] = the handle `p`. Returns false with an exception pending. */
static bool handle_into(JNIEnv *env, jlongArray out, const void *p) {
    jlong value = to_jlong(p);
    (*env)->SetLongArrayRegion(env, out, 0, 1, &value);
    return !(*env)->ExceptionCheck(env);
}

/* Several strings crossing as one byte[] (each string's UTF-8 bytes followed
 * by a 0 byte, in order) and an int[] of their byte lengths, -1 for a null
 * string (no bytes there): two array copies instead of one per string. */
struct packed {
    char *bytes;
    const char **ptrs; /* count pointers into bytes, or NULL */
    size_t count;
};

/* Copies and checks a packed array into `p`; ptrs[i] is NULL for a null
 * string. Returns false with a Java exception pending; release with
 * packed_free in either case. */
static bool packed_in(JNIEnv *env, jbyteArray bytes, jintArray lengths, struct packed *p) {
    jsize bytes_len, count, i;
    jint *len = NULL;
    size_t at = 0;
    bool ok = false;
    p->bytes = NULL;
    p->ptrs = NULL;
    p->count = 0;
    bytes_len = (*env)->GetArrayLength(env, bytes);
    count = (*env)->GetArrayLength(env, lengths);
    /* +1: never a zero-byte malloc. */
    p->bytes = malloc((size_t)bytes_len + 1);
    p->ptrs = malloc(((size_t)count + 1) * sizeof *p->ptrs);
    len = malloc(((size_t)count + 1) * sizeof *len);
    if (p->bytes == NULL || p->ptrs == NULL || len == NULL) {
        throw_new(env, out_of_memory_error, "oss_presign_jni: out of native memory");
        goto done;
    }
    (*env)->GetByteArrayRegion(env, bytes, 0, bytes_len, (jbyte *)p->bytes);
    if ((*env)->ExceptionCheck(env)) {
        goto done;
    }
    (*env)->GetIntArrayRegion(env, lengths, 0, count, len);
    if ((*env)->ExceptionCheck(env)) {
        goto done;
    }
    for (i = 0; i < count; i++) {
        if (len[i] < 0) {
            p->ptrs[i] = NULL;
            continue;
        }
        /* at <= bytes_len throughout, so the subtraction cannot wrap. */
        if ((size_t)len[i] >= (size_t)bytes_len - at || p->bytes[at + (size_t)len[i]] != '\0' ||
            memchr(p->bytes + at, '\0', (size_t)len[i]) != NULL) {
            break;
        }
        p->ptrs[i] = p->bytes + at;
        at += (size_t)len[i] + 1;
    }
    if (i < count || at != (size_t)bytes_len) {
        throw_new(env, illegal_argument_exception,
                  "oss_presign_jni: packed strings and their lengths disagree");
        goto done;
    }
    p->count = (size_t)count;
    ok = true;
done:
    free(len);
    return ok;
}

static void packed_free(struct packed *p) {
    free(p->ptrs);
    free(p->bytes);
    p->ptrs = NULL;
    p->bytes = NULL;
}

/* ------------------------------------------------------------------------ */
/* oss_client */

static jlong JNICALL native_clientNew(
    JNIEnv *env, jclass cls, jbyteArray endpoint, jbyteArray region, jbyteArray access_key_id,
    jbyteArray access_key_secret, jbyteArray security_token, jlongArray client_out) {
    jbyteArray in[5];
    struct text t[5];
    size_t n;
    oss_error *error = NULL;
    oss_client *client = NULL;
    (void)cls;
    in[0] = endpoint;
    in[1] = region;
    in[2] = access_key_id;
    in[3] = access_key_secret;
    in[4] = security_token;
    for (n = 0; n < 5; n++) {
        if (!text_in(env, in[n], &t[n])) {
            goto done;
        }
    }
    error = oss_client_new(t[0].ptr, t[1].ptr, t[2].ptr, t[3].ptr, t[4].ptr, &client);
    if (error == NULL && !handle_into(env, client_out, client)) {
        oss_client_free(client);
    }
done:
    while (n > 0) {
        text_free(&t[--n]);
    }
    return to_jlong(error);
}

static jlong JNICALL native_clientNewFromConfig(JNIEnv *env, jclass cls,
                                                jlong config,
                                                jlongArray client_out) {
    oss_client *client = NULL;
    oss_error *error;
    (void)cls;
    error = oss_client_new_from_config(FROM_JLONG(const oss_client_config, config), &client);
    if (error == NULL && !handle_into(env, client_out, client)) {
        oss_client_free(client);
    }
    return to_jlong(error);
}

JNI_FREE(clientFree, oss_client, oss_client_free)

static jlong JNICALL native_clientSetCredentials(
    JNIEnv *env, jclass cls, jlong client, jbyteArray access_key_id, jbyteArray access_key_secret,
    jbyteArray security_token, jlong expiration_unix_seconds) {
    struct text id, secret, token;
    oss_error *error = NULL;
    (void)cls;
    secret.ptr = NULL;
    token.ptr = NULL;
    if (!text_in(env, access_key_id, &id) || !text_in(env, access_key_secret, &secret) ||
        !text_in(env, security_token, &token)) {
        goto done;
    }
    error = oss_client_set_credentials(FROM_JLONG(const oss_client, client), id.ptr, secret.ptr,
                                       token.ptr, (int64_t)expiration_unix_seconds);
done:
    text_free(&token);
    text_free(&secret);
    text_free(&id);
    return to_jlong(error);
}

static jlong JNICALL native_clientSetServerTime(JNIEnv *env, jclass cls,
                                                jlong client,
                                                jlong server_unix_seconds) {
    (void)env;
    (void)cls;
    return to_jlong(oss_client_set_server_time(FROM_JLONG(const oss_client, client),
                                               (int64_t)server_unix_seconds));
}

JNI_NUMBER(jlong, clientClockOffset, oss_client, oss_client_clock_offset)

static jlong JNICALL native_clientSetSigningKeyWithExpiration(
    JNIEnv *env, jclass cls, jlong client, jbyteArray access_key_id, jbyteArray hex_signing_key,
    jbyteArray date_yyyymmdd, jbyteArray security_token, jlong expiration_unix_seconds) {
    struct text id, key, date, token;
    oss_error *error = NULL;
    (void)cls;
    key.ptr = NULL;
    date.ptr = NULL;
    token.ptr = NULL;
    if (!text_in(env, access_key_id, &id) || !text_in(env, hex_signing_key, &key) ||
        !text_in(env, date_yyyymmdd, &date) || !text_in(env, security_token, &token)) {
        goto done;
    }
    error = oss_client_set_signing_key_with_expiration(FROM_JLONG(const oss_client, client),
                                                       id.ptr, key.ptr, date.ptr, token.ptr,
                                                       (int64_t)expiration_unix_seconds);
done:
    text_free(&token);
    text_free(&date);
    text_free(&key);
    text_free(&id);
    return to_jlong(error);
}

static jlong JNICALL native_clientInspectUrl(JNIEnv *env, jclass cls,
                                             jlong client, jbyteArray url,
                                             jlongArray info_out) {
    struct text u;
    oss_error *error;
    oss_url_info *info = NULL;
    (void)cls;
    if (!text_in(env, url, &u)) {
        return 0;
    }
    error = oss_client_inspect_url(FROM_JLONG(const oss_client, client), u.ptr, &info);
    if (error == NULL && !handle_into(env, info_out, info)) {
        oss_url_info_free(info);
    }
    text_free(&u);
    return to_jlong(error);
}

/* Header names and values cross packed (see struct packed), as many of each. */
static jlong JNICALL native_clientVerifyUrl(
    JNIEnv *env, jclass cls, jlong client, jbyteArray url, jbyteArray packed_names,
    jintArray name_lengths, jbyteArray packed_values, jintArray value_lengths,
    jlong now_unix_seconds) {
    struct text u;
    struct packed names, values;
    oss_error *error = NULL;
    (void)cls;
    names.bytes = NULL;
    names.ptrs = NULL;
    values.bytes = NULL;
    values.ptrs = NULL;
    if (!text_in(env, url, &u)) {
        return 0;
    }
    if (!packed_in(env, packed_names, name_lengths, &names) ||
        !packed_in(env, packed_values, value_lengths, &values)) {
        goto done;
    }
    if (names.count != values.count) {
        throw_new(env, illegal_argument_exception,
                  "oss_presign_jni: as many header names as values are needed");
        goto done;
    }
    error = oss_client_verify_url(FROM_JLONG(const oss_client, client), u.ptr, names.ptrs,
                                  values.ptrs, names.count, (int64_t)now_unix_seconds);
done:
    packed_free(&values);
    packed_free(&names);
    text_free(&u);
    return to_jlong(error);
}

/* ------------------------------------------------------------------------ */
/* oss_client_config */

static jlong JNICALL native_configNew(JNIEnv *env, jclass cls,
                                                            jbyteArray endpoint,
                                                            jbyteArray region,
                                                            jlongArray config_out) {
    struct text e, r;
    oss_error *error = NULL;
    oss_client_config *config = NULL;
    (void)cls;
    r.ptr = NULL;
    if (!text_in(env, endpoint, &e) || !text_in(env, region, &r)) {
        goto done;
    }
    error = oss_client_config_new(e.ptr, r.ptr, &config);
    if (error == NULL && !handle_into(env, config_out, config)) {
        oss_client_config_free(config);
    }
done:
    text_free(&r);
    text_free(&e);
    return to_jlong(error);
}

JNI_FREE(configFree, oss_client_config, oss_client_config_free)

static jlong JNICALL native_configSetCredentials(
    JNIEnv *env, jclass cls, jlong config, jbyteArray access_key_id, jbyteArray access_key_secret,
    jbyteArray security_token) {
    struct text id, secret, token;
    oss_error *error = NULL;
    (void)cls;
    secret.ptr = NULL;
    token.ptr = NULL;
    if (!text_in(env, access_key_id, &id) || !text_in(env, access_key_secret, &secret) ||
        !text_in(env, security_token, &token)) {
        goto done;
    }
    error = oss_client_config_set_credentials(FROM_JLONG(oss_client_config, config), id.ptr,
                                              secret.ptr, token.ptr);
done:
    text_free(&token);
    text_free(&secret);
    text_free(&id);
    return to_jlong(error);
}

static jlong JNICALL native_configSetCredentialsExpiration(
    JNIEnv *env, jclass cls, jlong config, jlong unix_seconds) {
    (void)env;
    (void)cls;
    return to_jlong(oss_client_config_set_credentials_expiration(
        FROM_JLONG(oss_client_config, config), (int64_t)unix_seconds));
}

static jlong JNICALL native_configSetSigningKey(
    JNIEnv *env, jclass cls, jlong config, jbyteArray access_key_id, jbyteArray hex_signing_key,
    jbyteArray date_yyyymmdd, jbyteArray security_token) {
    struct text id, key, date, token;
    oss_error *error = NULL;
    (void)cls;
    key.ptr = NULL;
    date.ptr = NULL;
    token.ptr = NULL;
    if (!text_in(env, access_key_id, &id) || !text_in(env, hex_signing_key, &key) ||
        !text_in(env, date_yyyymmdd, &date) || !text_in(env, security_token, &token)) {
        goto done;
    }
    error = oss_client_config_set_signing_key(FROM_JLONG(oss_client_config, config), id.ptr,
                                              key.ptr, date.ptr, token.ptr);
done:
    text_free(&token);
    text_free(&date);
    text_free(&key);
    text_free(&id);
    return to_jlong(error);
}

static jlong JNICALL native_configSetCredentialsFromEnv(JNIEnv *env,
                                                        jclass cls,
                                                        jlong config) {
    (void)env;
    (void)cls;
    return to_jlong(
        oss_client_config_set_credentials_from_env(FROM_JLONG(oss_client_config, config)));
}

static jlong JNICALL native_configSetPathStyle(JNIEnv *env, jclass cls,
                                                                     jlong config,
                                                                     jboolean enabled) {
    (void)env;
    (void)cls;
    return to_jlong(
        oss_client_config_set_path_style(FROM_JLONG(oss_client_config, config), enabled != 0));
}

static jlong JNICALL native_configSetCustomDomain(JNIEnv *env, jclass cls,
                                                                        jlong config,
                                                                        jboolean enabled) {
    (void)env;
    (void)cls;
    return to_jlong(
        oss_client_config_set_custom_domain(FROM_JLONG(oss_client_config, config), enabled != 0));
}

static jlong JNICALL native_configSetCloudboxId(JNIEnv *env, jclass cls,
                                                                      jlong config,
                                                                      jbyteArray cloudbox_id) {
    struct text id;
    oss_error *error = NULL;
    (void)cls;
    if (text_in(env, cloudbox_id, &id)) {
        error = oss_client_config_set_cloudbox_id(FROM_JLONG(oss_client_config, config), id.ptr);
        text_free(&id);
    }
    return to_jlong(error);
}

/* ------------------------------------------------------------------------ */
/* oss_error */

JNI_NUMBER(jint, errorCode, oss_error, oss_error_code)

JNI_BYTES(errorMessage, oss_error, oss_error_message)

JNI_BYTES(errorArgument, oss_error, oss_error_argument)

JNI_FREE(errorFree, oss_error, oss_error_free)

/* ------------------------------------------------------------------------ */
/* oss_get_options */

static jlong JNICALL native_optionsNew(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
    return to_jlong(oss_get_options_new());
}

JNI_FREE(optionsFree, oss_get_options, oss_get_options_free)

/* A setter taking one string. */
typedef oss_error *(*text_setter)(oss_get_options *options, const char *value);

static jlong set_text(JNIEnv *env, jlong options, jbyteArray value, text_setter setter) {
    struct text t;
    oss_error *error = NULL;
    if (text_in(env, value, &t)) {
        error = setter(FROM_JLONG(oss_get_options, options), t.ptr);
        text_free(&t);
    }
    return to_jlong(error);
}

/* A setter taking a name and a value. */
typedef oss_error *(*pair_setter)(oss_get_options *options, const char *name, const char *value);

static jlong set_pair(JNIEnv *env, jlong options, jbyteArray name, jbyteArray value,
                      pair_setter setter) {
    struct text n, v;
    oss_error *error = NULL;
    v.ptr = NULL;
    if (text_in(env, name, &n) && text_in(env, value, &v)) {
        error = setter(FROM_JLONG(oss_get_options, options), n.ptr, v.ptr);
    }
    text_free(&v);
    text_free(&n);
    return to_jlong(error);
}

static jlong JNICALL native_optionsSetExpires(JNIEnv *env, jclass cls,
                                                                    jlong options,
                                                                    jlong seconds) {
    (void)env;
    (void)cls;
    /* Java has no unsigned long: the bits are read as uint64_t, as in C. */
    return to_jlong(
        oss_get_options_set_expires(FROM_JLONG(oss_get_options, options), (uint64_t)seconds));
}

static jlong JNICALL native_optionsSetExpiration(JNIEnv *env, jclass cls,
                                                                       jlong options,
                                                                       jlong unix_seconds) {
    (void)env;
    (void)cls;
    return to_jlong(oss_get_options_set_expiration(FROM_JLONG(oss_get_options, options),
                                                   (int64_t)unix_seconds));
}

static jlong JNICALL native_optionsSetSigningTime(JNIEnv *env, jclass cls,
                                                                        jlong options,
                                                                        jlong unix_seconds) {
    (void)env;
    (void)cls;
    return to_jlong(oss_get_options_set_signing_time(FROM_JLONG(oss_get_options, options),
                                                     (int64_t)unix_seconds));
}

static jlong JNICALL native_optionsAddQuery(JNIEnv *env, jclass cls,
                                                                  jlong options, jbyteArray name,
                                                                  jbyteArray value) {
    (void)cls;
    return set_pair(env, options, name, value, oss_get_options_add_query);
}

static jlong JNICALL native_optionsAddHeader(JNIEnv *env, jclass cls,
                                                                   jlong options, jbyteArray name,
                                                                   jbyteArray value) {
    (void)cls;
    return set_pair(env, options, name, value, oss_get_options_add_header);
}

static jlong JNICALL native_optionsSetVersionId(JNIEnv *env, jclass cls,
                                                                      jlong options,
                                                                      jbyteArray value) {
    (void)cls;
    return set_text(env, options, value, oss_get_options_set_version_id);
}

static jlong JNICALL native_optionsSetResponseContentType(
    JNIEnv *env, jclass cls, jlong options, jbyteArray value) {
    (void)cls;
    return set_text(env, options, value, oss_get_options_set_response_content_type);
}

static jlong JNICALL native_optionsSetResponseContentDisposition(
    JNIEnv *env, jclass cls, jlong options, jbyteArray value) {
    (void)cls;
    return set_text(env, options, value, oss_get_options_set_response_content_disposition);
}

static jlong JNICALL native_optionsSetResponseCacheControl(
    JNIEnv *env, jclass cls, jlong options, jbyteArray value) {
    (void)cls;
    return set_text(env, options, value, oss_get_options_set_response_cache_control);
}

static jlong JNICALL native_optionsSetResponseContentEncoding(
    JNIEnv *env, jclass cls, jlong options, jbyteArray value) {
    (void)cls;
    return set_text(env, options, value, oss_get_options_set_response_content_encoding);
}

static jlong JNICALL native_optionsSetResponseContentLanguage(
    JNIEnv *env, jclass cls, jlong options, jbyteArray value) {
    (void)cls;
    return set_text(env, options, value, oss_get_options_set_response_content_language);
}

static jlong JNICALL native_optionsSetResponseExpires(JNIEnv *env,
                                                                            jclass cls,
                                                                            jlong options,
                                                                            jbyteArray value) {
    (void)cls;
    return set_text(env, options, value, oss_get_options_set_response_expires);
}

static jlong JNICALL native_optionsSetProcess(JNIEnv *env, jclass cls,
                                                                    jlong options,
                                                                    jbyteArray value) {
    (void)cls;
    return set_text(env, options, value, oss_get_options_set_process);
}

static jlong JNICALL native_optionsSetTrafficLimit(JNIEnv *env, jclass cls,
                                                                         jlong options,
                                                                         jlong bits_per_second) {
    (void)env;
    (void)cls;
    return to_jlong(oss_get_options_set_traffic_limit(FROM_JLONG(oss_get_options, options),
                                                      (uint64_t)bits_per_second));
}

static jlong JNICALL native_optionsSetSigningTimeWindow(
    JNIEnv *env, jclass cls, jlong options, jlong seconds) {
    (void)env;
    (void)cls;
    return to_jlong(oss_get_options_set_signing_time_window(FROM_JLONG(oss_get_options, options),
                                                            (uint64_t)seconds));
}

static jlong JNICALL native_optionsSetClampToCredentials(
    JNIEnv *env, jclass cls, jlong options, jboolean clamp) {
    (void)env;
    (void)cls;
    return to_jlong(oss_get_options_set_clamp_to_credentials(FROM_JLONG(oss_get_options, options),
                                                             clamp != 0));
}

static jlong JNICALL native_optionsSetDiagnostics(JNIEnv *env, jclass cls,
                                                  jlong options,
                                                  jboolean enabled) {
    (void)env;
    (void)cls;
    return to_jlong(
        oss_get_options_set_diagnostics(FROM_JLONG(oss_get_options, options), enabled != 0));
}

/* ------------------------------------------------------------------------ */
/* Presigning */

/* The C presign entry points with one signature each, GET or HEAD. */
typedef oss_error *(*url_presign)(const oss_client *, const char *, const char *,
                                  const oss_get_options *, char **);
typedef oss_error *(*request_presign)(const oss_client *, const char *, const char *,
                                      const oss_get_options *, oss_presigned_request **);

static jlong presign_url(JNIEnv *env, url_presign presign, jlong client, jbyteArray bucket,
                         jbyteArray key, jlong options, jobjectArray url_out) {
    struct text b, k;
    oss_error *error = NULL;
    char *url = NULL;
    k.ptr = NULL;
    if (!text_in(env, bucket, &b) || !text_in(env, key, &k)) {
        goto done;
    }
    error = presign(FROM_JLONG(const oss_client, client), b.ptr, k.ptr,
                    FROM_JLONG(const oss_get_options, options), &url);
    if (error == NULL) {
        (void)bytes_into(env, url_out, 0, url); /* on failure, an exception is pending */
    }
done:
    oss_string_free(url);
    text_free(&k);
    text_free(&b);
    return to_jlong(error);
}

static jlong presign_request(JNIEnv *env, request_presign presign, jlong client,
                             jbyteArray bucket, jbyteArray key, jlong options,
                             jlongArray request_out) {
    struct text b, k;
    oss_error *error = NULL;
    oss_presigned_request *request = NULL;
    k.ptr = NULL;
    if (!text_in(env, bucket, &b) || !text_in(env, key, &k)) {
        goto done;
    }
    error = presign(FROM_JLONG(const oss_client, client), b.ptr, k.ptr,
                    FROM_JLONG(const oss_get_options, options), &request);
    if (error == NULL && !handle_into(env, request_out, request)) {
        oss_presigned_request_free(request);
    }
done:
    text_free(&k);
    text_free(&b);
    return to_jlong(error);
}

static jlong JNICALL native_presignGet(JNIEnv *env, jclass cls, jlong client, jbyteArray bucket,
                                       jbyteArray key, jlong options, jobjectArray url_out) {
    (void)cls;
    return presign_url(env, oss_presign_get, client, bucket, key, options, url_out);
}

static jlong JNICALL native_presignGetRequest(JNIEnv *env, jclass cls, jlong client,
                                              jbyteArray bucket, jbyteArray key, jlong options,
                                              jlongArray request_out) {
    (void)cls;
    return presign_request(env, oss_presign_get_request, client, bucket, key, options,
                           request_out);
}

static jlong JNICALL native_presignHead(JNIEnv *env, jclass cls, jlong client, jbyteArray bucket,
                                        jbyteArray key, jlong options, jobjectArray url_out) {
    (void)cls;
    return presign_url(env, oss_presign_head, client, bucket, key, options, url_out);
}

static jlong JNICALL native_presignHeadRequest(JNIEnv *env, jclass cls, jlong client,
                                               jbyteArray bucket, jbyteArray key, jlong options,
                                               jlongArray request_out) {
    (void)cls;
    return presign_request(env, oss_presign_head_request, client, bucket, key, options,
                           request_out);
}

/* The keys cross packed (see struct packed): a null key fails its entry. */
static jlong JNICALL native_presignGetBatch(
    JNIEnv *env, jclass cls, jlong client, jbyteArray bucket, jbyteArray packed_keys,
    jintArray key_lengths, jlong options, jlongArray batch_out) {
    struct text b;
    struct packed keys;
    oss_error *error = NULL;
    oss_presign_batch *batch = NULL;
    (void)cls;
    if (!text_in(env, bucket, &b)) {
        return 0;
    }
    if (packed_in(env, packed_keys, key_lengths, &keys)) {
        error = oss_presign_get_batch(FROM_JLONG(const oss_client, client), b.ptr, keys.ptrs,
                                      keys.count, FROM_JLONG(const oss_get_options, options),
                                      &batch);
        if (error == NULL && !handle_into(env, batch_out, batch)) {
            oss_presign_batch_free(batch);
        }
    }
    packed_free(&keys);
    text_free(&b);
    return to_jlong(error);
}

/* ------------------------------------------------------------------------ */
/* oss_presign_batch */

JNI_NUMBER(jlong, batchLen, oss_presign_batch, oss_presign_batch_len)

static jbyteArray JNICALL native_batchUrl(JNIEnv *env, jclass cls,
                                                                jlong batch, jlong index) {
    (void)cls;
    /* A negative index becomes a huge size_t: past the end, NULL. */
    return bytes_out(env,
                     oss_presign_batch_url(FROM_JLONG(const oss_presign_batch, batch), (size_t)index));
}

/* Borrowed: read it with errorCode/errorMessage/errorArgument, never errorFree. */
static jlong JNICALL native_batchError(JNIEnv *env, jclass cls,
                                                             jlong batch, jlong index) {
    (void)env;
    (void)cls;
    return to_jlong(
        oss_presign_batch_error(FROM_JLONG(const oss_presign_batch, batch), (size_t)index));
}

JNI_NUMBER(jlong, batchSigningTime, oss_presign_batch, oss_presign_batch_signing_time)

JNI_NUMBER(jlong, batchExpiration, oss_presign_batch, oss_presign_batch_expiration)

JNI_FREE(batchFree, oss_presign_batch, oss_presign_batch_free)

/* ------------------------------------------------------------------------ */
/* oss_presigned_request */

JNI_FREE(requestFree, oss_presigned_request, oss_presigned_request_free)

JNI_BYTES(requestUrl, oss_presigned_request, oss_presigned_request_url)

JNI_BYTES(requestMethod, oss_presigned_request, oss_presigned_request_method)

JNI_NUMBER(jlong, requestSigningTime, oss_presigned_request, oss_presigned_request_signing_time)

JNI_NUMBER(jlong, requestExpiration, oss_presigned_request, oss_presigned_request_expiration)

JNI_NUMBER(jlong, requestHeaderCount, oss_presigned_request, oss_presigned_request_header_count)

static jlong JNICALL native_requestHeader(JNIEnv *env, jclass cls,
                                                                jlong request, jlong index,
                                                                jobjectArray name_value_out) {
    const char *name = NULL;
    const char *value = NULL;
    oss_error *error;
    (void)cls;
    /* A negative index becomes a huge size_t, which the library refuses. */
    error = oss_presigned_request_header(FROM_JLONG(const oss_presigned_request, request),
                                         (size_t)index, &name, &value);
    if (error == NULL && bytes_into(env, name_value_out, 0, name)) {
        (void)bytes_into(env, name_value_out, 1, value); /* on failure, an exception is pending */
    }
    return to_jlong(error);
}

JNI_BYTES(requestCanonicalRequest, oss_presigned_request, oss_presigned_request_canonical_request)

JNI_BYTES(requestStringToSign, oss_presigned_request, oss_presigned_request_string_to_sign)

/* ------------------------------------------------------------------------ */
/* Server answers: HTTP dates and OSS error bodies */

static jlong JNICALL native_parseHttpDate(JNIEnv *env, jclass cls,
                                                                jbyteArray text,
                                                                jlongArray unix_seconds_out) {
    struct text t;
    oss_error *error = NULL;
    int64_t unix_seconds = 0;
    (void)cls;
    if (!text_in(env, text, &t)) {
        return 0;
    }
    error = oss_parse_http_date(t.ptr, &unix_seconds);
    text_free(&t);
    if (error == NULL) {
        jlong value = (jlong)unix_seconds;
        (*env)->SetLongArrayRegion(env, unix_seconds_out, 0, 1, &value);
        /* On failure an exception is pending; there is nothing to free. */
    }
    return to_jlong(error);
}

/* A body is bytes and a length, not a C string: no NUL is added or refused. */
static jlong JNICALL native_serviceErrorParse(JNIEnv *env, jclass cls,
                                                                    jbyteArray body,
                                                                    jint offset, jint length,
                                                                    jlongArray error_out) {
    char small[SMALL_TEXT + 1];
    char *copy;
    oss_error *error = NULL;
    oss_service_error *parsed = NULL;
    (void)cls;
    if (offset < 0 || length < 0) {
        throw_new(env, illegal_argument_exception, "oss_presign_jni: negative offset or length");
        return 0;
    }
    copy = length <= SMALL_TEXT ? small : malloc((size_t)length);
    if (copy == NULL) {
        throw_new(env, out_of_memory_error, "oss_presign_jni: out of native memory");
        return 0;
    }
    /* Throws ArrayIndexOutOfBoundsException for a range outside the array. */
    (*env)->GetByteArrayRegion(env, body, offset, length, (jbyte *)copy);
    if (!(*env)->ExceptionCheck(env)) {
        error = oss_service_error_parse(copy, (size_t)length, &parsed);
        if (error == NULL && !handle_into(env, error_out, parsed)) {
            oss_service_error_free(parsed);
        }
    }
    if (copy != small) {
        free(copy);
    }
    return to_jlong(error);
}

JNI_FREE(serviceErrorFree, oss_service_error, oss_service_error_free)

JNI_BYTES(serviceErrorCode, oss_service_error, oss_service_error_code)

JNI_BYTES(serviceErrorMessage, oss_service_error, oss_service_error_message)

JNI_NUMBER(jlong, serviceErrorServerTime, oss_service_error, oss_service_error_server_time)

JNI_NUMBER(jlong, serviceErrorExpires, oss_service_error, oss_service_error_expires)

/* NULL (Java null) when the field is absent; NULL with an exception pending
 * when a copy failed. */
static jbyteArray JNICALL native_serviceErrorField(JNIEnv *env,
                                                                         jclass cls, jlong e,
                                                                         jbyteArray name) {
    struct text n;
    jbyteArray value;
    (void)cls;
    if (!text_in(env, name, &n)) {
        return NULL;
    }
    value = bytes_out(env, oss_service_error_field(FROM_JLONG(const oss_service_error, e), n.ptr));
    text_free(&n);
    return value;
}

/* ------------------------------------------------------------------------ */
/* CRC-64 */

/* Bytes go through the stack in chunks of this size: GetByteArrayRegion
 * checks the range, and nothing pins the array. */
#define CRC_CHUNK 8192

/* oss_crc64_update over bytes[offset .. offset + length). Java checks the
 * range first; an out-of-range one throws ArrayIndexOutOfBoundsException
 * here too (returning `crc`, which Java then never sees). */
static jlong JNICALL native_crc64Update(JNIEnv *env, jclass cls, jlong crc, jbyteArray bytes,
                                        jint offset, jint length) {
    jbyte chunk[CRC_CHUNK];
    uint64_t value = (uint64_t)crc;
    jint done = 0;
    (void)cls;
    if (offset < 0 || length < 0 || length > INT32_MAX - offset) {
        throw_new(env, illegal_argument_exception, "oss_presign_jni: bad offset or length");
        return crc;
    }
    while (done < length) {
        jint n = length - done < CRC_CHUNK ? length - done : CRC_CHUNK;
        (*env)->GetByteArrayRegion(env, bytes, offset + done, n, chunk);
        if ((*env)->ExceptionCheck(env)) {
            return crc;
        }
        value = oss_crc64_update(value, chunk, (size_t)n);
        done += n;
    }
    return (jlong)value;
}

/* ------------------------------------------------------------------------ */
/* oss_url_info */

JNI_FREE(urlInfoFree, oss_url_info, oss_url_info_free)

JNI_BYTES(urlInfoBucket, oss_url_info, oss_url_info_bucket)

/* The whole key, U+0000 included (a URL may encode it as %00): its bytes up to
 * oss_url_info_key_len, not up to the first NUL. Both calls read one C value,
 * a borrowed string and its length; the length stays in C, so Java never
 * names how many bytes to read. */
static jbyteArray JNICALL native_urlInfoKey(JNIEnv *env, jclass cls,
                                                                  jlong info) {
    const oss_url_info *i = FROM_JLONG(const oss_url_info, info);
    (void)cls;
    return bytes_out_len(env, oss_url_info_key(i), oss_url_info_key_len(i));
}

JNI_BYTES(urlInfoAccessKeyId, oss_url_info, oss_url_info_access_key_id)

JNI_BYTES(urlInfoRegion, oss_url_info, oss_url_info_region)

JNI_NUMBER(jlong, urlInfoSigningTime, oss_url_info, oss_url_info_signing_time)

JNI_NUMBER(jlong, urlInfoExpiration, oss_url_info, oss_url_info_expiration)

JNI_NUMBER(jlong, urlInfoAdditionalHeaderCount, oss_url_info, oss_url_info_additional_header_count)

static jbyteArray JNICALL native_urlInfoAdditionalHeader(JNIEnv *env,
                                                                               jclass cls,
                                                                               jlong info,
                                                                               jlong index) {
    (void)cls;
    return bytes_out(env, oss_url_info_additional_header(FROM_JLONG(const oss_url_info, info),
                                                         (size_t)index));
}

/* ------------------------------------------------------------------------ */
/* Delegated signing keys */

static jlong JNICALL native_deriveSigningKey(
    JNIEnv *env, jclass cls, jbyteArray access_key_secret, jbyteArray date_yyyymmdd,
    jbyteArray region, jbyteArray product, jobjectArray hex_key_out) {
    struct text secret, date, r, p;
    oss_error *error = NULL;
    char *hex = NULL;
    (void)cls;
    date.ptr = NULL;
    r.ptr = NULL;
    p.ptr = NULL;
    if (!text_in(env, access_key_secret, &secret) || !text_in(env, date_yyyymmdd, &date) ||
        !text_in(env, region, &r) || !text_in(env, product, &p)) {
        goto done;
    }
    error = oss_derive_signing_key(secret.ptr, date.ptr, r.ptr, p.ptr, &hex);
    if (error == NULL) {
        (void)bytes_into(env, hex_key_out, 0, hex); /* on failure, an exception is pending */
    }
done:
    oss_string_free(hex); /* wipes the key */
    text_free(&p);
    text_free(&r);
    text_free(&date);
    text_free(&secret);
    return to_jlong(error);
}

/* ------------------------------------------------------------------------ */
/* Key lint */

static jlong JNICALL native_lintKey(JNIEnv *env, jclass cls,
                                                          jbyteArray key,
                                                          jintArray findings_out) {
    struct text k;
    oss_error *error;
    uint32_t findings = 0;
    (void)cls;
    if (!text_in(env, key, &k)) {
        return 0;
    }
    error = oss_lint_key(k.ptr, &findings);
    text_free(&k);
    if (error == NULL) {
        jint value = (jint)findings; /* a set of bits: Java reads them as they are */
        (*env)->SetIntArrayRegion(env, findings_out, 0, 1, &value);
        /* On failure an exception is pending; there is nothing to free. */
    }
    return to_jlong(error);
}

/* ------------------------------------------------------------------------ */
/* Loading: the natives are bound by RegisterNatives, not by exported names */

/* Set by JNI_OnLoad: how many native methods of Native are bound (the two
 * below included), or -1 when RegisterNatives refused one: Native declares
 * it differently or not at all, as when the Java code and this library come
 * from different builds. */
static jint registered_natives = -1;

static jbyteArray JNICALL native_version(JNIEnv *env, jclass cls) {
    (void)cls;
    return bytes_out(env, oss_version());
}

static jint JNICALL native_registeredNatives(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
    return registered_natives;
}

/* Any function pointer; converted to JNINativeMethod's void * by memcpy,
 * since ISO C has no cast between function and object pointers. */
typedef void (*any_function)(void);

struct native {
    const char *name;
    const char *signature;
    any_function function;
};

#define NATIVE(name, signature) {#name, signature, (any_function)native_##name}

/* Bound first, whatever else happens: Java reads them to explain a failed
 * load (Native's static initializer compares both with what it expects). */
static const struct native handshake[] = {
    NATIVE(version, "()[B"),
    NATIVE(registeredNatives, "()I"),
};

/* One row per native method of Native.java, with its JVM descriptor
 * (javap -s); bindings/android/test.sh diffs this table against the class. */
static const struct native natives[] = {
    NATIVE(clientNew, "([B[B[B[B[B[J)J"),
    NATIVE(clientNewFromConfig, "(J[J)J"),
    NATIVE(clientFree, "(J)V"),
    NATIVE(clientSetCredentials, "(J[B[B[BJ)J"),
    NATIVE(clientSetServerTime, "(JJ)J"),
    NATIVE(clientClockOffset, "(J)J"),
    NATIVE(clientInspectUrl, "(J[B[J)J"),
    NATIVE(clientVerifyUrl, "(J[B[B[I[B[IJ)J"),
    NATIVE(clientSetSigningKeyWithExpiration, "(J[B[B[B[BJ)J"),
    NATIVE(configNew, "([B[B[J)J"),
    NATIVE(configFree, "(J)V"),
    NATIVE(configSetCredentials, "(J[B[B[B)J"),
    NATIVE(configSetCredentialsExpiration, "(JJ)J"),
    NATIVE(configSetSigningKey, "(J[B[B[B[B)J"),
    NATIVE(configSetCredentialsFromEnv, "(J)J"),
    NATIVE(configSetPathStyle, "(JZ)J"),
    NATIVE(configSetCustomDomain, "(JZ)J"),
    NATIVE(configSetCloudboxId, "(J[B)J"),
    NATIVE(errorCode, "(J)I"),
    NATIVE(errorMessage, "(J)[B"),
    NATIVE(errorArgument, "(J)[B"),
    NATIVE(errorFree, "(J)V"),
    NATIVE(optionsNew, "()J"),
    NATIVE(optionsFree, "(J)V"),
    NATIVE(optionsSetExpires, "(JJ)J"),
    NATIVE(optionsSetExpiration, "(JJ)J"),
    NATIVE(optionsSetSigningTime, "(JJ)J"),
    NATIVE(optionsAddQuery, "(J[B[B)J"),
    NATIVE(optionsAddHeader, "(J[B[B)J"),
    NATIVE(optionsSetVersionId, "(J[B)J"),
    NATIVE(optionsSetResponseContentType, "(J[B)J"),
    NATIVE(optionsSetResponseContentDisposition, "(J[B)J"),
    NATIVE(optionsSetResponseCacheControl, "(J[B)J"),
    NATIVE(optionsSetResponseContentEncoding, "(J[B)J"),
    NATIVE(optionsSetResponseContentLanguage, "(J[B)J"),
    NATIVE(optionsSetResponseExpires, "(J[B)J"),
    NATIVE(optionsSetProcess, "(J[B)J"),
    NATIVE(optionsSetTrafficLimit, "(JJ)J"),
    NATIVE(optionsSetSigningTimeWindow, "(JJ)J"),
    NATIVE(optionsSetClampToCredentials, "(JZ)J"),
    NATIVE(optionsSetDiagnostics, "(JZ)J"),
    NATIVE(presignGet, "(J[B[BJ[[B)J"),
    NATIVE(presignGetRequest, "(J[B[BJ[J)J"),
    NATIVE(presignHead, "(J[B[BJ[[B)J"),
    NATIVE(presignHeadRequest, "(J[B[BJ[J)J"),
    NATIVE(presignGetBatch, "(J[B[B[IJ[J)J"),
    NATIVE(batchLen, "(J)J"),
    NATIVE(batchUrl, "(JJ)[B"),
    NATIVE(batchError, "(JJ)J"),
    NATIVE(batchSigningTime, "(J)J"),
    NATIVE(batchExpiration, "(J)J"),
    NATIVE(batchFree, "(J)V"),
    NATIVE(requestFree, "(J)V"),
    NATIVE(requestUrl, "(J)[B"),
    NATIVE(requestMethod, "(J)[B"),
    NATIVE(requestSigningTime, "(J)J"),
    NATIVE(requestExpiration, "(J)J"),
    NATIVE(requestHeaderCount, "(J)J"),
    NATIVE(requestHeader, "(JJ[[B)J"),
    NATIVE(requestCanonicalRequest, "(J)[B"),
    NATIVE(requestStringToSign, "(J)[B"),
    NATIVE(parseHttpDate, "([B[J)J"),
    NATIVE(serviceErrorParse, "([BII[J)J"),
    NATIVE(serviceErrorFree, "(J)V"),
    NATIVE(serviceErrorCode, "(J)[B"),
    NATIVE(serviceErrorMessage, "(J)[B"),
    NATIVE(serviceErrorServerTime, "(J)J"),
    NATIVE(serviceErrorExpires, "(J)J"),
    NATIVE(serviceErrorField, "(J[B)[B"),
    NATIVE(crc64Update, "(J[BII)J"),
    NATIVE(urlInfoFree, "(J)V"),
    NATIVE(urlInfoBucket, "(J)[B"),
    NATIVE(urlInfoKey, "(J)[B"),
    NATIVE(urlInfoAccessKeyId, "(J)[B"),
    NATIVE(urlInfoRegion, "(J)[B"),
    NATIVE(urlInfoSigningTime, "(J)J"),
    NATIVE(urlInfoExpiration, "(J)J"),
    NATIVE(urlInfoAdditionalHeaderCount, "(J)J"),
    NATIVE(urlInfoAdditionalHeader, "(JJ)[B"),
    NATIVE(deriveSigningKey, "([B[B[B[B[[B)J"),
    NATIVE(lintKey, "([B[I)J"),
};

_Static_assert(sizeof(void *) == sizeof(any_function), "function pointers fit in void *");

/* Binds one method. Returns false with the exception RegisterNatives raised
 * (NoSuchMethodError) cleared. */
static bool register_native(JNIEnv *env, jclass cls, const struct native *n) {
    JNINativeMethod method;
    method.name = (char *)n->name; /* the JDK's jni.h lacks the const */
    method.signature = (char *)n->signature;
    memcpy(&method.fnPtr, &n->function, sizeof method.fnPtr);
    if ((*env)->RegisterNatives(env, cls, &method, 1) != JNI_OK) {
        (*env)->ExceptionClear(env);
        return false;
    }
    return true;
}

/* A global reference to class `name`; NULL with an exception pending. */
static jclass global_class(JNIEnv *env, const char *name) {
    jclass local = (*env)->FindClass(env, name);
    jclass global;
    if (local == NULL) {
        return NULL;
    }
    global = (jclass)(*env)->NewGlobalRef(env, local);
    (*env)->DeleteLocalRef(env, local);
    return global;
}

static void release_classes(JNIEnv *env) {
    if (out_of_memory_error != NULL) {
        (*env)->DeleteGlobalRef(env, out_of_memory_error);
        out_of_memory_error = NULL;
    }
    if (illegal_argument_exception != NULL) {
        (*env)->DeleteGlobalRef(env, illegal_argument_exception);
        illegal_argument_exception = NULL;
    }
}

/* The only exported symbol. Runs inside System.loadLibrary, called from
 * Native's static initializer, so FindClass sees the class loader of the
 * Native that loads this library. A table Native refuses does not fail the
 * load here: registered_natives says so, and Java then throws an
 * UnsatisfiedLinkError naming both versions. */
JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    JNIEnv *env = NULL;
    jclass native_class;
    size_t i;
    (void)reserved;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_6) != JNI_OK) {
        return JNI_ERR;
    }
    out_of_memory_error = global_class(env, "java/lang/OutOfMemoryError");
    if (out_of_memory_error != NULL) {
        illegal_argument_exception = global_class(env, "java/lang/IllegalArgumentException");
    }
    native_class = illegal_argument_exception == NULL
                       ? NULL
                       : (*env)->FindClass(env, "org/osspresign/Native");
    if (native_class == NULL) {
        (*env)->ExceptionClear(env);
        release_classes(env);
        return JNI_ERR;
    }
    for (i = 0; i < sizeof handshake / sizeof handshake[0]; i++) {
        if (!register_native(env, native_class, &handshake[i])) {
            (*env)->DeleteLocalRef(env, native_class);
            release_classes(env);
            return JNI_ERR;
        }
    }
    registered_natives = (jint)i;
    for (i = 0; i < sizeof natives / sizeof natives[0]; i++) {
        if (!register_native(env, native_class, &natives[i])) {
            registered_natives = -1;
            break;
        }
        registered_natives++;
    }
    (*env)->DeleteLocalRef(env, native_class);
    return JNI_VERSION_1_6;
}
