#ifndef CBAKEPYTHON_H
#define CBAKEPYTHON_H

#include <stddef.h>

/// A Python object, opaque to Swift: only this C target includes Python.h, so its system
/// headers never meet Swift's Glibc module.
typedef struct bake_py_object PyObject;
typedef ptrdiff_t bake_py_ssize;

/// Callbacks into Swift for the `_bake.Store` type that backs BitBake's `d` object.
/// `call` runs one datastore operation and returns a new reference, or NULL with a Python
/// exception set (see bake_py_raise). `create` makes a fresh datastore (Python `DataSmart()`),
/// `release` drops the datastore a Python object owned.
typedef PyObject *_Nullable (*bake_store_call_fn)(void *_Nonnull store, long op, PyObject *_Nonnull args,
                                                  PyObject *_Nullable kwargs);
typedef void *_Nonnull (*bake_store_create_fn)(PyObject *_Nonnull wrapper);
typedef void (*bake_store_release_fn)(void *_Nonnull store);

void bake_py_set_callbacks(bake_store_call_fn _Nonnull call, bake_store_create_fn _Nonnull create,
                           bake_store_release_fn _Nonnull release);

/// Starts the interpreter with `_bake` importable; returns 0 on success.
/// `pycache_prefix` is where compiled bytecode of bake's Python is kept (NULL: beside it).
int bake_py_initialize(const char *_Nullable pycache_prefix);

/// Takes the interpreter lock for the calling thread (reentrant); hand the result back to
/// bake_py_gil_release.
int bake_py_gil_ensure(void);
void bake_py_gil_release(int state);

/// A new Python object of the registered DataSmart class wrapping `store` (the caller has
/// already retained `store` for it).
PyObject *_Nullable bake_py_wrap_store(void *_Nonnull store);

/// Raises the exception class registered for `kind` (0 expansion, 1 skip, 2 fatal, 3 other).
void bake_py_raise(int kind, const char *_Nonnull message);

/// The metadata code calling the current `d` method: its file and line (1 if found).
int bake_py_caller(char *_Nonnull file, size_t file_size, int *_Nonnull line);

/// Counts nested variable expansions on the calling thread (returns the new depth).
int bake_expansion_enter(void);
void bake_expansion_leave(void);

/* Small wrappers for what Python.h offers only as macros. */
PyObject *_Nonnull bake_py_none(void);
PyObject *_Nonnull bake_py_bool(int value);
void bake_py_incref(PyObject *_Nonnull o);
void bake_py_decref(PyObject *_Nullable o);
int bake_py_is_str(PyObject *_Nonnull o);
int bake_py_is_int(PyObject *_Nonnull o);
int bake_py_is_bool(PyObject *_Nonnull o);
int bake_py_is_list(PyObject *_Nonnull o);
int bake_py_is_none(PyObject *_Nonnull o);
int bake_py_is_dict(PyObject *_Nonnull o);
int bake_py_is_tuple(PyObject *_Nonnull o);
int bake_py_is_store(PyObject *_Nonnull o);
void *_Nullable bake_py_store_of(PyObject *_Nonnull o);
/// The UTF-8 text of `str(o)` copied into a malloc'd buffer (free it), or NULL on failure.
char *_Nullable bake_py_str(PyObject *_Nonnull o, int repr);
/// Fetches and clears the current exception; returns "Type: message" malloc'd, or NULL.
char *_Nullable bake_py_take_error(void);

/* The CPython API bake uses, as functions over the opaque type. */
PyObject *_Nullable bake_py_string(const char *_Nonnull utf8, bake_py_ssize size);
const char *_Nullable bake_py_utf8(PyObject *_Nonnull o, bake_py_ssize *_Nonnull size);
PyObject *_Nonnull bake_py_long(long value);
long bake_py_as_long(PyObject *_Nonnull o, int *_Nonnull overflow);
int bake_py_truthy(PyObject *_Nonnull o);
PyObject *_Nullable bake_py_list(bake_py_ssize size);
bake_py_ssize bake_py_list_size(PyObject *_Nonnull o);
PyObject *_Nullable bake_py_list_get(PyObject *_Nonnull o, bake_py_ssize i);
void bake_py_list_set(PyObject *_Nonnull o, bake_py_ssize i, PyObject *_Nonnull steal);
void bake_py_list_append(PyObject *_Nonnull o, PyObject *_Nonnull item);
PyObject *_Nullable bake_py_tuple(bake_py_ssize size);
bake_py_ssize bake_py_tuple_size(PyObject *_Nonnull o);
PyObject *_Nullable bake_py_tuple_get(PyObject *_Nonnull o, bake_py_ssize i);
void bake_py_tuple_set(PyObject *_Nonnull o, bake_py_ssize i, PyObject *_Nonnull steal);
PyObject *_Nullable bake_py_dict(void);
void bake_py_dict_set(PyObject *_Nonnull o, PyObject *_Nonnull key, PyObject *_Nonnull value);
int bake_py_dict_next(PyObject *_Nonnull o, bake_py_ssize *_Nonnull pos, PyObject *_Nullable *_Nonnull key,
                      PyObject *_Nullable *_Nonnull value);
PyObject *_Nullable bake_py_call(PyObject *_Nonnull callable, PyObject *_Nonnull args);
PyObject *_Nullable bake_py_import(const char *_Nonnull name);
PyObject *_Nullable bake_py_getattr(PyObject *_Nonnull o, const char *_Nonnull name);
int bake_py_setattr(PyObject *_Nonnull o, const char *_Nonnull name, PyObject *_Nonnull value);
int bake_py_run(const char *_Nonnull source);
void bake_py_clear_error(void);
/// Inserts `dir` at the front of sys.path.
void bake_py_prepend_path(const char *_Nonnull dir);
/// A Python callable `(level, text)` that forwards to `sink`.
typedef void (*bake_message_fn)(const char *_Nonnull level, const char *_Nonnull text);
PyObject *_Nullable bake_py_message_sink(bake_message_fn _Nonnull sink);

#endif
