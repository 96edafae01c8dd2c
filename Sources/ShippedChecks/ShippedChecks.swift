/// The check definitions shipped in the package's `Checks/` folder, embedded at build time.
public enum ShippedChecks {
    /// Each file's path relative to the package (`Checks/device/updates.yaml`) and its text: the check
    /// definitions, the data they name and the data's licence notices.
    public static var files: [(path: String, text: String)] { embeddedCheckFiles }
}

extension ShippedChecks {
    /// The licence notices and source descriptions of the data shipped with the checks.
    public static var notices: [(path: String, text: String)] { embeddedCheckFiles.filter { $0.path.hasSuffix(".md") } }
}
