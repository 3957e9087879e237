/// The datastore operations Python's `d` forwards to Swift; the numbers are shared with
/// `python/bb/data_smart.py`.
enum StoreOperation: Int {
    case getVar = 0, setVar, getVarFlag, setVarFlag, delVar, delVarFlag
    case appendVar, prependVar, appendVarFlag, prependVarFlag, renameVar
    case getVarFlags, setVarFlags, delVarFlags, expand, keys, createCopy, localKeys
    case contains, hasOverrides, history, setVarFilter, hostCall
    case markDependency, fileDependencies, keysWithFlag, inheritsClass
}
