/// NUL-terminated copies of Swift strings in a NULL-terminated array, for the C spawner, which
/// must not allocate in the child. Freed with the object.
final class CStringArray {
    let pointer: UnsafeMutablePointer<UnsafePointer<CChar>?>
    let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointer = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() {
            let bytes = Array(string.utf8)
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (offset, byte) in bytes.enumerated() { copy[offset] = CChar(bitPattern: byte) }
            copy[bytes.count] = 0
            pointer[index] = UnsafePointer(copy)
        }
        pointer[strings.count] = nil
    }

    deinit {
        for index in 0..<count { UnsafeMutablePointer(mutating: pointer[index])?.deallocate() }
        pointer.deallocate()
    }

    var base: UnsafePointer<UnsafePointer<CChar>?> { UnsafePointer(pointer) }

    /// The string at `index` as a C pointer; valid while this object lives.
    subscript(index: Int) -> UnsafePointer<CChar> { pointer[index]! }
}
