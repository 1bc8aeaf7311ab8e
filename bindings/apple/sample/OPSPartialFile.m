/*
 * OPSPartialFile.m: DESTINATION.part and DESTINATION.part.etag, with POSIX
 * calls (the same on iOS, macOS and Linux).
 */
#import "OPSPartialFile.h"
#import "OPSCompat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

NSString *const OPSDownloadErrorDomain = @"OPSDownloadErrorDomain";

/* Partial files open in this process: fcntl locks do not exclude a second
 * open by the same process. */
static NSMutableSet *gOpenPaths;
static NSLock *gOpenPathsLock;

static BOOL Fail(NSError **error, OPSDownloadErrorCode code, NSString *message, int posixError) {
    if (error != NULL) {
        NSMutableDictionary *info = [NSMutableDictionary dictionary];
        [info setObject:message forKey:NSLocalizedDescriptionKey];
        if (posixError != 0) {
            [info setObject:[NSError errorWithDomain:NSPOSIXErrorDomain code:posixError userInfo:nil]
                     forKey:NSUnderlyingErrorKey];
        }
        *error = [NSError errorWithDomain:OPSDownloadErrorDomain code:code userInfo:info];
    }
    return NO;
}

static BOOL FileFail(NSError **error, NSString *what, NSString *path) {
    int saved = errno;
    return Fail(error, OPSDownloadErrorFile,
                [NSString stringWithFormat:@"cannot %@ %@: %s", what, path, strerror(saved)], saved);
}

static BOOL WriteAll(int fd, const char *bytes, size_t length) {
    while (length > 0) {
        ssize_t written = write(fd, bytes, length);
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            return NO;
        }
        bytes += written;
        length -= (size_t)written;
    }
    return YES;
}

@implementation OPSPartialFile

@synthesize destination = _destination;
@synthesize path = _path;
@synthesize size = _size;
@synthesize crc = _crc;
@synthesize etag = _etag;

+ (void)initialize {
    if (self == [OPSPartialFile class]) {
        gOpenPaths = [[NSMutableSet alloc] init];
        gOpenPathsLock = [[NSLock alloc] init];
    }
}

- (instancetype)initWithDestination:(NSString *)destination {
    self = [super init];
    if (self != nil) {
        _destination = [destination copy];
        _path = [[destination stringByAppendingString:@".part"] copy];
        _etagPath = [[destination stringByAppendingString:@".part.etag"] copy];
        _fd = -1;
    }
    return self;
}

- (instancetype)init {
    OPS_RELEASE(self);
    return nil;
}

- (void)dealloc {
    [self close];
    OPS_RELEASE(_destination);
    OPS_RELEASE(_path);
    OPS_RELEASE(_etagPath);
    OPS_RELEASE(_etag);
    OPS_SUPER_DEALLOC();
}

/* (Written out: gcc's synthesized setters trip -Wunused-parameter.) */
- (BOOL)isResumable {
    return !_notResumable;
}

- (void)setResumable:(BOOL)resumable {
    _notResumable = !resumable;
}

- (void)setETagValue:(NSString *)etag {
    NSString *copy = [etag copy];
    OPS_RELEASE(_etag);
    _etag = copy;
}

/* Reads the saved bytes from the start, computing their size and CRC. */
- (BOOL)measureWithError:(NSError **)error {
    char buffer[65536];
    ssize_t n;
    _size = 0;
    _crc = 0;
    if (lseek(_fd, 0, SEEK_SET) != 0) {
        return FileFail(error, @"read", _path);
    }
    while ((n = read(_fd, buffer, sizeof buffer)) != 0) {
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return FileFail(error, @"read", _path);
        }
        _crc = [OPSCRC64 updateCRC:_crc withBytes:buffer length:(size_t)n];
        _size += (unsigned long long)n;
    }
    return YES;
}

/* Opens _path as _fd and locks it; NO (and nothing held) when another
 * download has it. */
- (BOOL)lockWithError:(NSError **)error {
    struct flock lock;
    _fd = open([_path fileSystemRepresentation], O_RDWR | O_CREAT, 0644);
    if (_fd < 0) {
        return FileFail(error, @"open", _path);
    }
    memset(&lock, 0, sizeof lock);
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    if (fcntl(_fd, F_SETLK, &lock) != 0) {
        close(_fd);
        _fd = -1;
        return Fail(error, OPSDownloadErrorBusy,
                    [NSString stringWithFormat:@"%@ is being written by another process", _path], 0);
    }
    return YES;
}

- (BOOL)openWithError:(NSError **)error {
    NSString *saved;
    BOOL taken;
    if (_fd >= 0) {
        return YES; /* already open */
    }
    [gOpenPathsLock lock];
    taken = [gOpenPaths containsObject:_path];
    if (!taken) {
        [gOpenPaths addObject:_path];
    }
    [gOpenPathsLock unlock];
    if (taken) {
        return Fail(error, OPSDownloadErrorBusy,
                    [NSString stringWithFormat:@"%@ is being written by another download", _path], 0);
    }
    _claimed = YES;
    if (![self lockWithError:error]) {
        [self close];
        return NO;
    }
    saved = [NSString stringWithContentsOfFile:_etagPath encoding:NSUTF8StringEncoding error:NULL];
    saved = [saved stringByTrimmingCharactersInSet:[NSCharacterSet whitespaceAndNewlineCharacterSet]];
    if ([saved length] == 0) {
        return [self discardWithError:error]; /* bytes of an unknown version are useless */
    }
    [self setETagValue:saved];
    if (![self measureWithError:error]) {
        return NO;
    }
    return _size > 0 ? YES : [self discardWithError:error];
}

- (BOOL)appendBytes:(const void *)bytes length:(size_t)length error:(NSError **)error {
    if (!WriteAll(_fd, bytes, length)) {
        return FileFail(error, @"write", _path);
    }
    _crc = [OPSCRC64 updateCRC:_crc withBytes:bytes length:length];
    _size += length;
    return YES;
}

- (BOOL)appendFileAtPath:(NSString *)path error:(NSError **)error {
    char buffer[65536];
    ssize_t n;
    BOOL ok = YES;
    int in = open([path fileSystemRepresentation], O_RDONLY);
    if (in < 0) {
        return FileFail(error, @"open", path);
    }
    while (ok && (n = read(in, buffer, sizeof buffer)) != 0) {
        if (n < 0 && errno == EINTR) {
            continue;
        }
        ok = n > 0 ? [self appendBytes:buffer length:(size_t)n error:error] : FileFail(error, @"read", path);
    }
    close(in);
    return ok;
}

- (BOOL)replaceWithFileAtPath:(NSString *)path ETag:(NSString *)etag error:(NSError **)error {
    /* The tag first: a kill between the two leaves the old bytes without
     * their tag (discarded next time), never new bytes under an old tag. */
    if (![self discardWithError:error] || ![self saveETag:etag error:error]) {
        return NO;
    }
    close(_fd); /* (this drops the fcntl lock: taken again at once) */
    _fd = -1;
    if (rename([path fileSystemRepresentation], [_path fileSystemRepresentation]) == 0) {
        return [self lockWithError:error] && [self measureWithError:error];
    }
    if (errno != EXDEV) {
        FileFail(error, @"move the download to", _path);
        [self lockWithError:NULL];
        return NO;
    }
    /* On another volume: copied instead. */
    return [self lockWithError:error] && [self appendFileAtPath:path error:error];
}

- (BOOL)saveETag:(NSString *)etag error:(NSError **)error {
    NSString *tmp = [_etagPath stringByAppendingString:@".tmp"];
    NSData *line = [[etag stringByAppendingString:@"\n"] dataUsingEncoding:NSUTF8StringEncoding];
    if (etag == nil || _notResumable) {
        /* No ETag: a cut transfer restarts from zero. Bytes no later run
         * resumes keep theirs in memory only. */
        unlink([_etagPath fileSystemRepresentation]);
        [self setETagValue:etag];
        return YES;
    }
    /* To a temporary name, then renamed: a kill leaves the old tag or the new one. */
    if (![line writeToFile:tmp atomically:NO] ||
        rename([tmp fileSystemRepresentation], [_etagPath fileSystemRepresentation]) != 0) {
        unlink([tmp fileSystemRepresentation]);
        return FileFail(error, @"write", _etagPath);
    }
    [self setETagValue:etag];
    return YES;
}

- (BOOL)rewindWithError:(NSError **)error {
    _size = 0;
    _crc = 0;
    if (ftruncate(_fd, 0) != 0 || lseek(_fd, 0, SEEK_SET) != 0) {
        return FileFail(error, @"truncate", _path);
    }
    return YES;
}

- (BOOL)discardWithError:(NSError **)error {
    [self setETagValue:nil];
    unlink([_etagPath fileSystemRepresentation]);
    return [self rewindWithError:error];
}

- (BOOL)finishWithError:(NSError **)error {
    if (fsync(_fd) != 0 ||
        rename([_path fileSystemRepresentation], [_destination fileSystemRepresentation]) != 0) {
        return FileFail(error, @"write", _destination);
    }
    unlink([_etagPath fileSystemRepresentation]);
    return YES;
}

- (void)close {
    if (_fd >= 0) {
        if (_size == 0 || _notResumable) {
            unlink([_path fileSystemRepresentation]);
            unlink([_etagPath fileSystemRepresentation]);
        }
        close(_fd);
        _fd = -1;
    }
    if (_claimed) {
        [gOpenPathsLock lock];
        [gOpenPaths removeObject:_path];
        [gOpenPathsLock unlock];
        _claimed = NO;
    }
}

@end
