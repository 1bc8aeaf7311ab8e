/*
 * What a C program that presigns links from the static library: one client,
 * one presign, the URL freed. bench/size.sh links it twice, against
 * liboss_presign.a and against the stubs below (-DOSS_SIZE_PROBE_STUBS), and
 * reports the difference of the stripped executables.
 */
#include <stdio.h>

#include "oss_presign.h"

#ifdef OSS_SIZE_PROBE_STUBS
static volatile int sink;
oss_error *oss_client_new(const char *e, const char *r, const char *i, const char *s,
                          const char *t, oss_client **out) {
    sink = (e != 0) + (r != 0) + (i != 0) + (s != 0) + (t != 0);
    *out = 0;
    return 0;
}
void oss_client_free(oss_client *c) { sink = c != 0; }
oss_error *oss_presign_get(const oss_client *c, const char *b, const char *k,
                           const oss_get_options *o, char **out) {
    sink = (c != 0) + (b != 0) + (k != 0) + (o != 0);
    *out = 0;
    return 0;
}
void oss_string_free(char *s) { sink = s != 0; }
const char *oss_error_message(const oss_error *e) { return e ? "" : 0; }
void oss_error_free(oss_error *e) { sink = e != 0; }
#endif

int main(int argc, char **argv) {
    oss_client *client = NULL;
    char *url = NULL;
    oss_error *error = oss_client_new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou", "ak", "sk",
                                      NULL, &client);
    if (error == NULL) {
        error = oss_presign_get(client, "examplebucket", argc > 1 ? argv[1] : "a.txt", NULL, &url);
    }
    if (error != NULL) {
        fprintf(stderr, "%s\n", oss_error_message(error));
        oss_error_free(error);
        return 1;
    }
    if (url != NULL) puts(url);
    oss_string_free(url);
    oss_client_free(client);
    return 0;
}
