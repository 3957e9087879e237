#include "CBakeCompression.h"

#include <lz4.h>
#include <zstd.h>

/* Stand-in for the NULL that Swift passes for an empty buffer. */
static char bake_empty[1];

static const void *bake_in(const void *p) { return p ? p : bake_empty; }
static void *bake_out(void *p) { return p ? p : bake_empty; }

/* MARK: zstd */

size_t bake_zstd_bound(size_t src_size) { return ZSTD_compressBound(src_size); }

size_t bake_zstd_compress(void *dst, size_t dst_capacity, const void *src, size_t src_size, int level) {
    return ZSTD_compress(bake_out(dst), dst_capacity, bake_in(src), src_size, level);
}

size_t bake_zstd_decompress(void *dst, size_t dst_capacity, const void *src, size_t src_size) {
    return ZSTD_decompress(bake_out(dst), dst_capacity, bake_in(src), src_size);
}

int bake_zstd_is_error(size_t code) { return ZSTD_isError(code) ? 1 : 0; }

const char *bake_zstd_error_string(size_t code) { return ZSTD_getErrorName(code); }

int bake_zstd_min_level(void) { return ZSTD_minCLevel(); }

int bake_zstd_max_level(void) { return ZSTD_maxCLevel(); }

bake_zstd_size_status bake_zstd_frame_content_size(const void *src, size_t src_size, uint64_t *size) {
    unsigned long long value = ZSTD_getFrameContentSize(bake_in(src), src_size);
    if (value == ZSTD_CONTENTSIZE_ERROR) return BAKE_ZSTD_SIZE_ERROR;
    if (value == ZSTD_CONTENTSIZE_UNKNOWN) return BAKE_ZSTD_SIZE_UNKNOWN;
    *size = (uint64_t)value;
    return BAKE_ZSTD_SIZE_KNOWN;
}

/* The opaque type is the library's own stream; the cast keeps ZSTD_DStream out of the header. */
bake_zstd_dstream *bake_zstd_dstream_create(void) { return (bake_zstd_dstream *)ZSTD_createDStream(); }

void bake_zstd_dstream_free(bake_zstd_dstream *stream) { ZSTD_freeDStream((ZSTD_DStream *)stream); }

size_t bake_zstd_dstream_decompress(bake_zstd_dstream *stream, void *dst, size_t dst_capacity, size_t *dst_pos,
                                    const void *src, size_t src_size, size_t *src_pos) {
    ZSTD_outBuffer out = {bake_out(dst), dst_capacity, *dst_pos};
    ZSTD_inBuffer in = {bake_in(src), src_size, *src_pos};
    size_t result = ZSTD_decompressStream((ZSTD_DStream *)stream, &out, &in);
    *dst_pos = out.pos;
    *src_pos = in.pos;
    return result;
}

/* MARK: lz4 */

int bake_lz4_max_input_size(void) { return LZ4_MAX_INPUT_SIZE; }

int bake_lz4_bound(int src_size) { return LZ4_compressBound(src_size); }

int bake_lz4_compress(const void *src, int src_size, void *dst, int dst_capacity) {
    return LZ4_compress_default(bake_in(src), bake_out(dst), src_size, dst_capacity);
}

int bake_lz4_decompress(const void *src, int src_size, void *dst, int dst_capacity) {
    return LZ4_decompress_safe(bake_in(src), bake_out(dst), src_size, dst_capacity);
}
