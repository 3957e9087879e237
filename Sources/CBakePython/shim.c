#define PY_SSIZE_T_CLEAN
#include <Python.h>
#define bake_py_object _object
#include "CBakePython.h"
#include <string.h>
#include <stdlib.h>

static bake_store_call_fn store_call;
static bake_store_create_fn store_create;
static bake_store_release_fn store_release;
static PyObject *store_class;            /* bb.data_smart.DataSmart, set from Python */
static PyObject *exception_types[4];     /* expansion, skip, fatal, other */

typedef struct {
    PyObject_HEAD
    void *store;
} BakeStoreObject;

static PyTypeObject BakeStoreType;

static PyObject *store_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    BakeStoreObject *self = (BakeStoreObject *)type->tp_alloc(type, 0);
    if (self) self->store = NULL;
    return (PyObject *)self;
}

static int store_init(PyObject *o, PyObject *args, PyObject *kwds) {
    BakeStoreObject *self = (BakeStoreObject *)o;
    if (!self->store) self->store = store_create(o);
    return 0;
}

static void store_dealloc(PyObject *o) {
    BakeStoreObject *self = (BakeStoreObject *)o;
    PyObject_GC_UnTrack(o);
    if (self->store) {
        void *s = self->store;
        self->store = NULL;
        store_release(s);
    }
    Py_TYPE(o)->tp_free(o);
}

/* The store holds no Python references; subclasses' own traversal covers their __dict__. */
static int store_traverse(PyObject *o, visitproc visit, void *arg) { return 0; }

static PyObject *store_call_method(PyObject *o, PyObject *args, PyObject *kwargs) {
    BakeStoreObject *self = (BakeStoreObject *)o;
    if (!self->store) {
        PyErr_SetString(PyExc_RuntimeError, "datastore is not initialised");
        return NULL;
    }
    Py_ssize_t n = PyTuple_Size(args);
    if (n < 1) {
        PyErr_SetString(PyExc_TypeError, "_call needs an operation");
        return NULL;
    }
    long op = PyLong_AsLong(PyTuple_GET_ITEM(args, 0));
    if (op == -1 && PyErr_Occurred()) return NULL;
    // The operation's arguments follow the operation number in `args` (no slice is made:
    // this runs for every `d.getVar`).
    return store_call(self->store, op, args, kwargs);
}

static PyMethodDef store_methods[] = {
    {"_call", (PyCFunction)(void (*)(void))store_call_method, METH_VARARGS | METH_KEYWORDS,
     "Run one datastore operation in bake."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject BakeStoreType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_bake.Store",
    .tp_basicsize = sizeof(BakeStoreObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_new = store_new,
    .tp_init = store_init,
    .tp_dealloc = store_dealloc,
    .tp_traverse = store_traverse,
    .tp_methods = store_methods,
    .tp_doc = "A bake datastore seen from Python.",
};

static PyObject *set_store_class(PyObject *mod, PyObject *cls) {
    Py_XDECREF(store_class);
    Py_INCREF(cls);
    store_class = cls;
    Py_RETURN_NONE;
}

static PyObject *set_exception_types(PyObject *mod, PyObject *args) {
    PyObject *t[4];
    if (!PyArg_ParseTuple(args, "OOOO", &t[0], &t[1], &t[2], &t[3])) return NULL;
    for (int i = 0; i < 4; i++) {
        Py_XDECREF(exception_types[i]);
        Py_INCREF(t[i]);
        exception_types[i] = t[i];
    }
    Py_RETURN_NONE;
}

static PyMethodDef module_methods[] = {
    {"set_store_class", set_store_class, METH_O, "Register the Python class that wraps datastores."},
    {"set_exception_types", set_exception_types, METH_VARARGS,
     "Register ExpansionError, SkipRecipe, BBHandledException and a generic error class."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef bake_module = {
    PyModuleDef_HEAD_INIT, "_bake", "bake's datastore bridge.", -1, module_methods,
};

static PyObject *init_bake_module(void) {
    if (PyType_Ready(&BakeStoreType) < 0) return NULL;
    PyObject *m = PyModule_Create(&bake_module);
    if (!m) return NULL;
    Py_INCREF(&BakeStoreType);
    if (PyModule_AddObject(m, "Store", (PyObject *)&BakeStoreType) < 0) {
        Py_DECREF(&BakeStoreType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

void bake_py_set_callbacks(bake_store_call_fn call, bake_store_create_fn create, bake_store_release_fn release) {
    store_call = call;
    store_create = create;
    store_release = release;
}

int bake_py_initialize(const char *pycache_prefix) {
    if (Py_IsInitialized()) return 0;
    if (PyImport_AppendInittab("_bake", init_bake_module) == -1) return -1;
    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.install_signal_handlers = 0;
    config.parse_argv = 0;
    /* Metadata runs with BitBake's assumptions: UTF-8 everywhere, no user site surprises. */
    config.user_site_directory = 0;
    /* Metadata Python must not depend on the caller's PYTHON* variables (a PYTHONPATH with
       BitBake's own lib, PYTHONDONTWRITEBYTECODE making every run recompile bake's bb). */
    config.use_environment = 0;
    config.write_bytecode = 1;
    if (pycache_prefix && *pycache_prefix) {
        PyStatus s = PyConfig_SetBytesString(&config, &config.pycache_prefix, pycache_prefix);
        if (PyStatus_Exception(s)) {
            PyConfig_Clear(&config);
            return -1;
        }
    }
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) return -1;
    /* Release the GIL: every entry from Swift takes it with bake_py_gil_ensure, from
       whichever thread it runs on. */
    PyEval_SaveThread();
    return 0;
}

int bake_py_gil_ensure(void) { return (int)PyGILState_Ensure(); }
void bake_py_gil_release(int state) { PyGILState_Release((PyGILState_STATE)state); }

PyObject *bake_py_wrap_store(void *store) {
    PyTypeObject *type = store_class ? (PyTypeObject *)store_class : &BakeStoreType;
    BakeStoreObject *o = (BakeStoreObject *)type->tp_alloc(type, 0);
    if (!o) return NULL;
    o->store = store;
    return (PyObject *)o;
}

void bake_py_raise(int kind, const char *message) {
    PyObject *type = (kind >= 0 && kind < 4) ? exception_types[kind] : NULL;
    PyErr_SetString(type ? type : PyExc_RuntimeError, message);
}

PyObject *bake_py_none(void) { Py_RETURN_NONE; }
PyObject *bake_py_bool(int value) { return PyBool_FromLong(value); }
void bake_py_incref(PyObject *o) { Py_INCREF(o); }
void bake_py_decref(PyObject *o) { Py_XDECREF(o); }
int bake_py_is_str(PyObject *o) { return PyUnicode_Check(o); }
int bake_py_is_int(PyObject *o) { return PyLong_Check(o) && !PyBool_Check(o); }
int bake_py_is_bool(PyObject *o) { return PyBool_Check(o); }
int bake_py_is_list(PyObject *o) { return PyList_Check(o); }
int bake_py_is_none(PyObject *o) { return o == Py_None; }
int bake_py_is_dict(PyObject *o) { return PyDict_Check(o); }
int bake_py_is_tuple(PyObject *o) { return PyTuple_Check(o); }
int bake_py_is_store(PyObject *o) { return PyObject_TypeCheck(o, &BakeStoreType); }
void *bake_py_store_of(PyObject *o) {
    return PyObject_TypeCheck(o, &BakeStoreType) ? ((BakeStoreObject *)o)->store : NULL;
}

char *bake_py_str(PyObject *o, int repr) {
    PyObject *s = repr ? PyObject_Repr(o) : PyObject_Str(o);
    if (!s) return NULL;
    Py_ssize_t size;
    const char *utf8 = PyUnicode_AsUTF8AndSize(s, &size);
    if (!utf8) {
        Py_DECREF(s);
        return NULL;
    }
    char *copy = malloc((size_t)size + 1);
    if (copy) {
        memcpy(copy, utf8, (size_t)size);
        copy[size] = 0;
    }
    Py_DECREF(s);
    return copy;
}

char *bake_py_take_error(void) {
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (!type) return NULL;
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *name = PyObject_GetAttrString(type, "__name__");
    char *n = name ? bake_py_str(name, 0) : NULL;
    char *m = value ? bake_py_str(value, 0) : NULL;
    PyErr_Clear();
    size_t len = (n ? strlen(n) : 0) + (m ? strlen(m) : 0) + 3;
    char *out = malloc(len);
    if (out) snprintf(out, len, "%s: %s", n ? n : "Exception", m ? m : "");
    free(n);
    free(m);
    Py_XDECREF(name);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    return out;
}

PyObject *bake_py_string(const char *utf8, bake_py_ssize size) { return PyUnicode_FromStringAndSize(utf8, size); }
const char *bake_py_utf8(PyObject *o, bake_py_ssize *size) {
    Py_ssize_t s = 0;
    const char *r = PyUnicode_AsUTF8AndSize(o, &s);
    *size = s;
    return r;
}
PyObject *bake_py_long(long value) { return PyLong_FromLong(value); }
long bake_py_as_long(PyObject *o, int *overflow) {
    long v = PyLong_AsLongAndOverflow(o, overflow);
    if (v == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        *overflow = 1;
    }
    return v;
}
int bake_py_truthy(PyObject *o) {
    int r = PyObject_IsTrue(o);
    if (r < 0) {
        PyErr_Clear();
        return 0;
    }
    return r;
}
PyObject *bake_py_list(bake_py_ssize size) { return PyList_New(size); }
bake_py_ssize bake_py_list_size(PyObject *o) { return PyList_Size(o); }
PyObject *bake_py_list_get(PyObject *o, bake_py_ssize i) { return PyList_GetItem(o, i); }
void bake_py_list_set(PyObject *o, bake_py_ssize i, PyObject *steal) { PyList_SetItem(o, i, steal); }
void bake_py_list_append(PyObject *o, PyObject *item) { PyList_Append(o, item); }
PyObject *bake_py_tuple(bake_py_ssize size) { return PyTuple_New(size); }
bake_py_ssize bake_py_tuple_size(PyObject *o) { return PyTuple_Size(o); }
PyObject *bake_py_tuple_get(PyObject *o, bake_py_ssize i) { return PyTuple_GetItem(o, i); }
void bake_py_tuple_set(PyObject *o, bake_py_ssize i, PyObject *steal) { PyTuple_SetItem(o, i, steal); }
PyObject *bake_py_dict(void) { return PyDict_New(); }
void bake_py_dict_set(PyObject *o, PyObject *key, PyObject *value) { PyDict_SetItem(o, key, value); }
int bake_py_dict_next(PyObject *o, bake_py_ssize *pos, PyObject **key, PyObject **value) {
    Py_ssize_t p = *pos;
    int r = PyDict_Next(o, &p, key, value);
    *pos = p;
    return r;
}
PyObject *bake_py_call(PyObject *callable, PyObject *args) { return PyObject_CallObject(callable, args); }
PyObject *bake_py_import(const char *name) { return PyImport_ImportModule(name); }
PyObject *bake_py_getattr(PyObject *o, const char *name) { return PyObject_GetAttrString(o, name); }
int bake_py_setattr(PyObject *o, const char *name, PyObject *value) { return PyObject_SetAttrString(o, name, value); }
int bake_py_run(const char *source) { return PyRun_SimpleStringFlags(source, NULL); }
void bake_py_clear_error(void) { PyErr_Clear(); }
void bake_py_prepend_path(const char *dir) {
    PyObject *path = PySys_GetObject("path");
    PyObject *s = PyUnicode_FromString(dir);
    if (path && s) PyList_Insert(path, 0, s);
    Py_XDECREF(s);
}

static bake_message_fn message_sink;

static PyObject *message_sink_call(PyObject *self, PyObject *args) {
    const char *level, *text;
    if (!PyArg_ParseTuple(args, "ss", &level, &text)) return NULL;
    if (message_sink) message_sink(level, text);
    Py_RETURN_NONE;
}

static PyMethodDef message_sink_def = {"_msg_sink", message_sink_call, METH_VARARGS, "Forward a message to bake."};

PyObject *bake_py_message_sink(bake_message_fn sink) {
    message_sink = sink;
    return PyCFunction_NewEx(&message_sink_def, NULL, NULL);
}

int bake_py_caller(char *file, size_t file_size, int *line) {
    /* The current frame is bb.data_smart's method; its caller is the metadata code. */
    PyFrameObject *frame = PyEval_GetFrame();
    if (!frame) return 0;
    PyFrameObject *caller = PyFrame_GetBack(frame);
    if (!caller) return 0;
    PyCodeObject *code = PyFrame_GetCode(caller);
    const char *name = code ? PyUnicode_AsUTF8(code->co_filename) : NULL;
    int ok = 0;
    if (name) {
        snprintf(file, file_size, "%s", name);
        *line = PyFrame_GetLineNumber(caller);
        ok = 1;
    } else {
        PyErr_Clear();
    }
    Py_XDECREF(code);
    Py_DECREF(caller);
    return ok;
}

/* Nesting of variable expansion on this thread, across every datastore (an expression can
   expand through fresh copies, each with its own state). */
static _Thread_local int expansion_depth;
int bake_expansion_enter(void) { return ++expansion_depth; }
void bake_expansion_leave(void) { --expansion_depth; }
