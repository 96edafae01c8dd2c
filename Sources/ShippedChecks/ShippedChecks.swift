/// The check definitions shipped in the package's `Checks/` folder, embedded at build time.
public enum ShippedChecks {
    /// Each file's path relative to the package (`Checks/device/updates.yaml`) and its text.
    public static var files: [(path: String, text: String)] { embeddedCheckFiles }
}
