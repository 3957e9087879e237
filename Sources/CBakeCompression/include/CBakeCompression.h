#ifndef CBAKECOMPRESSION_H
#define CBAKECOMPRESSION_H

#include <stddef.h>
#include <stdint.h>

/*
 * bake's own small C API over libzstd and liblz4. Only compression.c includes zstd.h and
 * lz4.h, so their headers (and macros such as ZSTD_CONTENTSIZE_UNKNOWN) never meet Swift.
 *
 * Every function accepts a NULL buffer when its size is 0: Swift hands out a nil base address
 * for empty `Data`, and neither library promises to accept NULL itself.
 */

/* MARK: zstd, one-shot */

/// The largest compressed size of `src_size` input bytes (ZSTD_compressBound).
size_t bake_zstd_bound(size_t src_size);

/// Compresses `src` into one zstd frame that records its content size (ZSTD_compress).
/// Returns the compressed size, or an error code: test it with bake_zstd_is_error.
size_t bake_zstd_compress(void *_Nullable dst, size_t dst_capacity, const void *_Nullable src, size_t src_size,
                          int level);

/// Decompresses every frame of `src` into `dst` (ZSTD_decompress). Returns the decompressed
/// size, or an error code (too small a `dst` is an error, never an overrun).
size_t bake_zstd_decompress(void *_Nullable dst, size_t dst_capacity, const void *_Nullable src, size_t src_size);

/// Nonzero when a size_t returned by a bake_zstd_* function is an error code (ZSTD_isError).
int bake_zstd_is_error(size_t code);

/// A static, human-readable name for an error code (ZSTD_getErrorName).
const char *_Nonnull bake_zstd_error_string(size_t code);

int bake_zstd_min_level(void);
int bake_zstd_max_level(void);

/// What the first frame's header says about its decompressed size (ZSTD_getFrameContentSize).
typedef enum {
    /// The header records the size; it is in `*size`.
    BAKE_ZSTD_SIZE_KNOWN = 0,
    /// A valid frame written without its size (for instance `zstd` compressing a pipe).
    BAKE_ZSTD_SIZE_UNKNOWN = 1,
    /// Not a zstd frame, or too short to hold a frame header.
    BAKE_ZSTD_SIZE_ERROR = 2,
} bake_zstd_size_status;

bake_zstd_size_status bake_zstd_frame_content_size(const void *_Nullable src, size_t src_size,
                                                   uint64_t *_Nonnull size);

/* MARK: zstd, streaming decompression (for frames that do not record their size) */

typedef struct bake_zstd_dstream bake_zstd_dstream;

/// A new decompression stream (ZSTD_createDStream), or NULL when out of memory.
bake_zstd_dstream *_Nullable bake_zstd_dstream_create(void);
void bake_zstd_dstream_free(bake_zstd_dstream *_Nullable stream);

/// Decompresses from `src[*src_pos...]` into `dst[*dst_pos...]`, advancing both positions
/// (ZSTD_decompressStream). Returns 0 when a frame is complete and fully flushed, a positive
/// hint when more input is expected, or an error code (bake_zstd_is_error).
size_t bake_zstd_dstream_decompress(bake_zstd_dstream *_Nonnull stream, void *_Nullable dst, size_t dst_capacity,
                                    size_t *_Nonnull dst_pos, const void *_Nullable src, size_t src_size,
                                    size_t *_Nonnull src_pos);

/* MARK: lz4 block format */

/// The largest input one lz4 block accepts (LZ4_MAX_INPUT_SIZE, a little under 2 GiB).
int bake_lz4_max_input_size(void);

/// The largest compressed size of `src_size` input bytes, or 0 when `src_size` is too large
/// (LZ4_compressBound).
int bake_lz4_bound(int src_size);

/// Compresses `src` into one raw lz4 block (LZ4_compress_default). The block does not record
/// its decompressed size: the caller must keep it. Returns the compressed size, 0 on failure.
int bake_lz4_compress(const void *_Nullable src, int src_size, void *_Nullable dst, int dst_capacity);

/// Decompresses one raw lz4 block (LZ4_decompress_safe), never writing past `dst_capacity`.
/// Returns the decompressed size, or a negative number when the block is malformed.
int bake_lz4_decompress(const void *_Nullable src, int src_size, void *_Nullable dst, int dst_capacity);

#endif
