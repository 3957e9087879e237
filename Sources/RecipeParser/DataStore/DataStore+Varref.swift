import Foundation

extension DataStore {
    /// BitBake's `expandVarref(var)`: every variable set in this datastore itself (not its
    /// parents) whose unexpanded value mentions `${var}` gets the reference replaced by
    /// `var`'s current unexpanded value, written back as a plain `setVar` would. The cooker
    /// uses it to pin `${LAYERDIR}` in each layer.conf before the next layer sets it again.
    func expandVarref(_ variable: String) throws(EvaluationError) {
        guard let value = try getVar(variable, expand: false) else { return }
        let reference = "${" + variable + "}"
        for name in Array(vars.keys) {
            guard case .string(let text) = try getVar(name, expand: false), text.containsText(reference) else { continue }
            guard case .string(let replacement) = value else {
                throw EvaluationError(.python, "TypeError: replace() argument 2 must be str, not \(value.typeName)")
            }
            try setVar(name, .string(text.replacingOccurrences(of: reference, with: replacement)))
        }
    }
}
