/*
 * OPSPartialFile.h: where a download's bytes wait until the object is
 * whole. Part of the sample, not of the wrapper.
 *
 * The bytes of DESTINATION arrive in DESTINATION.part; the ETag of the
 * version they belong to is written to DESTINATION.part.etag before the
 * first byte. Bytes saved without their ETag are of an unknown version and
 * are discarded. When the object is complete, DESTINATION.part is flushed
 * to disk and renamed to DESTINATION, so DESTINATION appears only whole.
 * One writer: the partial file is locked (fcntl, against other processes;
 * a table, within this one) from -open until -close.
 */
#ifndef OPS_PARTIAL_FILE_H
#define OPS_PARTIAL_FILE_H

#import "OPSPresigner.h"

NS_ASSUME_NONNULL_BEGIN

/** Errors of the sample's downloads, besides OSS's refusals
 *  (OPSServiceErrorDomain), presigning (OPSErrorDomain) and the network
 *  (NSURLErrorDomain). */
FOUNDATION_EXPORT NSString *const OPSDownloadErrorDomain;
typedef NS_ENUM(NSInteger, OPSDownloadErrorCode) {
    /** Another download (this process or another) writes the same file. */
    OPSDownloadErrorBusy = 1,
    /** The file system refused (NSUnderlyingErrorKey: the POSIX error). */
    OPSDownloadErrorFile = 2,
    /** Cut short more often than the download allows retries. */
    OPSDownloadErrorGaveUp = 3,
    /** The object's CRC-64 did not match x-oss-hash-crc64ecma, twice. */
    OPSDownloadErrorCorrupted = 4,
    /** OSS refused for its time, and presigning again cannot help (the
     *  options fix the signing time), or it refused twice. */
    OPSDownloadErrorClock = 5,
    /** The options sign a Range that is not one byte range
     *  (OPSParseByteRange), or the answer is not the signed range. */
    OPSDownloadErrorRange = 6,
};

@interface OPSPartialFile : NSObject {
@private
    NSString *_destination;
    NSString *_path;
    NSString *_etagPath;
    NSString *_etag;
    int _fd;
    unsigned long long _size;
    uint64_t _crc;
    BOOL _claimed;
    BOOL _notResumable;
}

- (instancetype)initWithDestination:(NSString *)destination NS_DESIGNATED_INITIALIZER;
#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
#endif

/** Opens and locks the partial file, keeping bytes an earlier run saved
 *  with their ETag (their CRC-64 is computed again). NO with
 *  OPSDownloadErrorBusy when another download holds it. YES at once when
 *  already open. */
- (BOOL)openWithError:(NSError **)error;
/** Appends bytes of the saved version. */
- (BOOL)appendBytes:(const void *)bytes length:(size_t)length error:(NSError **)error;
/** Appends the contents of the file at path (bytes of the saved version). */
- (BOOL)appendFileAtPath:(NSString *)path error:(NSError **)error;
/** The bytes of the file at path, of version etag (nil: unknown), become
 *  the saved bytes: path is moved here. */
- (BOOL)replaceWithFileAtPath:(NSString *)path
                         ETag:(NSString *_Nullable)etag
                        error:(NSError **)error;
/** Records etag (nil: none) as the version of the bytes to come; call it
 *  with nothing saved, before the first byte. */
- (BOOL)saveETag:(NSString *_Nullable)etag error:(NSError **)error;
/** Forgets the saved bytes: another version, or wrong. */
- (BOOL)discardWithError:(NSError **)error;
/** Empties the partial file, keeping the version it is for. */
- (BOOL)rewindWithError:(NSError **)error;
/** Flushes the saved bytes to disk and renames them to the destination. */
- (BOOL)finishWithError:(NSError **)error;
/** Unlocks. Saved bytes stay for a later run; an empty partial file goes. */
- (void)close;

@property (nonatomic, readonly, copy) NSString *destination;
/** DESTINATION.part. */
@property (nonatomic, readonly, copy) NSString *path;
/** Bytes saved. */
@property (nonatomic, readonly) unsigned long long size;
/** CRC-64/ECMA of those bytes (OPSCRC64). */
@property (nonatomic, readonly) uint64_t crc;
/** The ETag of their version; nil for none. */
@property (nonatomic, readonly, copy) NSString *_Nullable etag;
/** NO for bytes no later run may resume (a signed range): their ETag stays
 *  in memory, and -close removes them. Default YES. */
@property (nonatomic, assign, getter=isResumable) BOOL resumable;

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_PARTIAL_FILE_H */
