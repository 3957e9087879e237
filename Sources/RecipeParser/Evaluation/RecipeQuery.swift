/// Reads `VAR` or `VAR[flag]` from a datastore as the oracle prints it: `str()` of the
/// expanded value, nil when unset.
public enum RecipeQuery {
    public static func value(of name: String, in store: DataStore) throws(EvaluationError) -> String? {
        if name.hasSuffix("]"), let open = name.firstIndex(of: "[") {
            let variable = String(name[..<open])
            let flag = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
            return try store.getVarFlag(variable, flag)?.pythonString
        }
        return try store.getVar(name)?.pythonString
    }
}
