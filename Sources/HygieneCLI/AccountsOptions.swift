import Accounts
import ArgumentParser
import AuditCore
import Foundation

/// The accounts family's options: the platforms' data exports to read.
struct AccountsOptions: FamilyOptions {
    @Option(name: .customLong("account-export"), help: ArgumentHelp("A data export you downloaded from Google, Facebook, Instagram, Apple, X, Snapchat, TikTok or LinkedIn: the zip (its numbered parts beside it are read too) or its unpacked folder (repeatable).", valueName: "file|dir"))
    var exports: [String] = []

    var family: String { "accounts" }

    var given: AuditInputs {
        var given = AuditInputs()
        given[AccountsFamily.inputName] = exports
        return given
    }
}
