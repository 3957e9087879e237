/* libkv: "key=value" lines in one file. */
#ifndef KV_H
#define KV_H

#include <stddef.h>

/* Copies the value of key into value (size bytes); 0 if found, -1 if not or on error. */
int kv_get(const char *file, const char *key, char *value, size_t size);
/* Sets key to value, replacing an earlier value; 0 on success, -1 on error. */
int kv_set(const char *file, const char *key, const char *value);

#endif
