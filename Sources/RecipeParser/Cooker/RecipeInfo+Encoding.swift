extension RecipeInfo {
    /// Appends the info to `encoder` (the cache file and the worker protocol share this).
    public func encode(into encoder: inout CompactEncoder) {
        encoder.write(virtualFile)
        encoder.write(file)
        encoder.write(variant)
        encoder.write(skipReason)
        for text in [pn, pe, pv, pr, defaultPreference] { encoder.write(text) }
        for list in [provides, rprovides, depends, rdepends, rrecommends, packages, packagesDynamic] { encoder.write(list) }
        encoder.write(packageRelations.count)
        for package in packageRelations {
            encoder.write(package.name)
            encoder.write(package.rdepends)
            encoder.write(package.rrecommends)
            encoder.write(package.rprovides)
        }
        encoder.write(dontCache)
        encoder.write(tasks.count)
        for task in tasks {
            encoder.write(task.name)
            for list in [task.after, task.depends, task.rdepends, task.deptask, task.rdeptask, task.recrdeptask, task.recideptask] {
                encoder.write(list)
            }
            encoder.write(task.noexec)
            encoder.write(task.nostamp)
        }
    }

    /// Reads what `encode(into:)` wrote.
    public init(from decoder: inout CompactDecoder) throws(CompactDecoder.Malformed) {
        self.init(virtualFile: try decoder.readString(), file: try decoder.readString(), variant: try decoder.readString(),
                  skipReason: try decoder.readOptionalString(), pn: try decoder.readString())
        pe = try decoder.readString()
        pv = try decoder.readString()
        pr = try decoder.readString()
        defaultPreference = try decoder.readString()
        provides = try decoder.readStrings()
        rprovides = try decoder.readStrings()
        depends = try decoder.readStrings()
        rdepends = try decoder.readStrings()
        rrecommends = try decoder.readStrings()
        packages = try decoder.readStrings()
        packagesDynamic = try decoder.readStrings()
        let packageCount = try decoder.readCount()
        for _ in 0..<packageCount {
            packageRelations.append(Package(name: try decoder.readString(), rdepends: try decoder.readStrings(),
                                            rrecommends: try decoder.readStrings(), rprovides: try decoder.readStrings()))
        }
        dontCache = try decoder.readBool()
        let taskCount = try decoder.readCount()
        tasks.reserveCapacity(taskCount)
        for _ in 0..<taskCount {
            tasks.append(Task(
                name: try decoder.readString(), after: try decoder.readStrings(), depends: try decoder.readStrings(),
                rdepends: try decoder.readStrings(), deptask: try decoder.readStrings(), rdeptask: try decoder.readStrings(),
                recrdeptask: try decoder.readStrings(), recideptask: try decoder.readStrings(),
                noexec: try decoder.readBool(), nostamp: try decoder.readBool()))
        }
    }
}
