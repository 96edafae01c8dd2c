import AuditCore
import Foundation
import Testing
@testable import Phone

@Suite struct DeviceListTests {
    @Test func oneDeviceWithDetails() throws {
        let devices = try #require(DeviceList.parse(try Fixture.text("devices-one.txt")))
        #expect(devices == [AndroidDevice(serial: "R58M40ABCDE", state: "device",
                                          details: ["usb": "1-1", "product": "beyond1lteeea", "model": "SM_G973F",
                                                    "device": "beyond1", "transport_id": "3"])])
        #expect(try DeviceList.choose(from: devices, serial: nil).serial == "R58M40ABCDE")
    }

    @Test func daemonStartLinesAreSkipped() throws {
        let devices = try #require(DeviceList.parse(try Fixture.text("devices-two.txt")))
        #expect(devices.map(\.serial) == ["R58M40ABCDE", "0A151JEC200123"])
        #expect(throws: PhoneError.severalDevices(serials: ["R58M40ABCDE", "0A151JEC200123"])) {
            try DeviceList.choose(from: devices, serial: nil)
        }
        #expect(try DeviceList.choose(from: devices, serial: "0A151JEC200123").model == "Pixel_6")
        #expect(throws: PhoneError.deviceNotFound(serial: "X", connected: ["R58M40ABCDE", "0A151JEC200123"])) {
            try DeviceList.choose(from: devices, serial: "X")
        }
    }

    @Test(arguments: [("devices-unauthorized.txt", PhoneError.unauthorized(serial: "0A151JEC200123")),
                      ("devices-offline.txt", PhoneError.offline(serial: "0A151JEC200123")),
                      ("devices-none.txt", PhoneError.noDevice)])
    func unusableStates(file: String, error: PhoneError) throws {
        let devices = try #require(DeviceList.parse(try Fixture.text(file)))
        #expect(throws: error) { try DeviceList.choose(from: devices, serial: nil) }
    }

    @Test func noPermissionsIsOneState() throws {
        let text = "List of devices attached\n0A151JEC200123 no permissions (missing udev rules? user is in the plugdev group); see [http://developer.android.com/tools/device.html] usb:1-2 transport_id:1\n"
        let devices = try #require(DeviceList.parse(text))
        #expect(devices.first?.state == "no permissions")
        #expect(throws: PhoneError.unusableState(serial: "0A151JEC200123", state: "no permissions")) {
            try DeviceList.choose(from: devices, serial: nil)
        }
    }

    @Test func notADeviceList() {
        #expect(DeviceList.parse("adb: usage: unknown command devices-l\n") == nil)
    }
}

@Suite struct PackageListTests {
    @Test func pathsWithBase64FoldersInstallersAndUids() throws {
        let packages = PackageList.parse(try Fixture.text("packages.txt"))
        #expect(packages.count == 6)
        #expect(packages[0] == InstalledPackage(
            name: "com.whatsapp",
            path: "/data/app/~~rT5x0_Zq3Qv8J1mYwQ==/com.whatsapp-Yk2n9dW0aCq1s7Ew4d4z_g==/base.apk",
            installer: "com.android.vending", uid: 10245))
        let settings = try #require(packages.first { $0.name == "com.android.settings" })
        #expect(settings.installer == nil && settings.uid == 1000 && !settings.isOnDataPartition)
        let sideloaded = try #require(packages.first { $0.name == "com.systemservice" })
        #expect(sideloaded.installer == nil && sideloaded.isOnDataPartition && sideloaded.uid == 10311)
    }

    @Test func olderListingWithoutUids() throws {
        let packages = PackageList.parse(try Fixture.text("packages-android7.txt"))
        #expect(packages.map(\.name) == ["com.whatsapp", "com.android.bluetooth", "com.spyzee"])
        #expect(packages.allSatisfy { $0.uid == nil })
        #expect(packages[2].path == "/data/app/com.spyzee-2/base.apk")
    }

    @Test func namesOnly() {
        #expect(PackageList.parse("package:com.a\npackage:com.b\n\n").map(\.name) == ["com.a", "com.b"])
    }
}

@Suite struct UserListTests {
    @Test func ownerWorkProfileAndSecureFolder() throws {
        let users = UserList.parse(try Fixture.text("users.txt"))
        #expect(users.map(\.id) == [0, 10, 150])
        #expect(users[0] == AndroidUser(id: 0, name: "Owner", flags: 0xc13, running: true))
        #expect(!users[0].isManagedProfile)
        #expect(users[1].isManagedProfile && users[1].running && users[1].name == "Work profile")
        #expect(users[2].isManagedProfile && !users[2].running && users[2].name == "Secure Folder")
    }
}

@Suite struct ComponentTests {
    @Test func settingListExpandsShortClasses() {
        #expect(ComponentSetting.parse("com.a/.Svc:com.b/com.b.x.Listener\n") == [
            ComponentName(package: "com.a", className: "com.a.Svc"),
            ComponentName(package: "com.b", className: "com.b.x.Listener"),
        ])
    }

    @Test(arguments: ["null\n", "\n", "null"])
    func unsetMeansNone(text: String) {
        #expect(ComponentSetting.parse(text).isEmpty)
    }

    @Test(arguments: ["accessibility-aosp.txt", "accessibility-samsung.txt"])
    func enabledServicesInBothShapes(file: String) throws {
        let services = AccessibilityDump.enabledServices(try Fixture.text(file))
        #expect(services.contains(ComponentName(package: "com.systemservice", className: "com.systemservice.KeyService")))
        #expect(services.count == 2)
    }

    @Test func boundServicesAreNotEnabledServices() throws {
        let services = AccessibilityDump.enabledServices(try Fixture.text("accessibility-aosp.txt"))
        #expect(services.map(\.package) == ["com.systemservice", "com.google.android.gms"])
    }
}

@Suite struct DevicePolicyTests {
    @Test func ownersAndAdminsOfEachUser() throws {
        let policy = DevicePolicyDump.parse(try Fixture.text("device-policy-new.txt"))
        #expect(policy.deviceOwner == ComponentName(package: "com.systemservice", className: "com.systemservice.AdminReceiver"))
        #expect(policy.profileOwners.map(\.user) == [10])
        #expect(policy.profileOwners.first?.component.package == "com.google.android.apps.work.clouddpc")
        #expect(policy.admins.map(\.user) == [0, 0, 10])
        #expect(policy.admins.map(\.component.package) == ["com.systemservice", "com.google.android.gms",
                                                           "com.google.android.apps.work.clouddpc"])
        #expect(policy.admins[0].component.className == "com.systemservice.AdminReceiver")
    }

    @Test func olderLayout() throws {
        let policy = DevicePolicyDump.parse(try Fixture.text("device-policy-old.txt"))
        #expect(policy.deviceOwner == nil && policy.profileOwners.isEmpty)
        #expect(policy.admins.map(\.component.package) == ["com.google.android.gms", "com.spyzee"])
    }

    @Test func noAdmins() throws {
        #expect(DevicePolicyDump.parse(try Fixture.text("device-policy-none.txt")) == DevicePolicy())
    }
}

@Suite struct AdbKeysTests {
    @Test func keysWithCommentsMergedWithTheKeystore() throws {
        let keys = try Fixture.keys()
        let computers = AdbKeysDump.parse(try Fixture.text("adb-new.txt"))
        #expect(computers.map(\.key) == keys)
        #expect(computers.map(\.comment) == ["kim@laptop", "unknown@unknown", "root@desktop"])
        #expect(computers[0].lastConnection == Date(timeIntervalSince1970: 1_764_662_400))
        #expect(computers[1].lastConnection == nil)
    }

    @Test func olderLayout() throws {
        let computers = AdbKeysDump.parse(try Fixture.text("adb-old.txt"))
        #expect(computers.map(\.comment) == ["kim@laptop"])
        #expect(computers.first?.key == (try Fixture.keys())[0])
    }
}

@Suite struct PropertyTests {
    @Test func securityProperties() throws {
        let security = BuildSecurity(properties: Properties.parse(try Fixture.text("getprop.txt")))
        #expect(security.securityPatch == "2023-05-01")
        #expect(security.securityPatchDate == Date(timeIntervalSince1970: 1_682_899_200))
        #expect(security.verifiedBootState == "orange" && security.flashLocked == false)
        #expect(security.bootloaderUnlocked == true && security.debuggable == false)
        #expect(security.model == "SM-G973F" && security.androidVersion == "13")
    }

    @Test func lockedStockPhone() {
        let security = BuildSecurity(properties: ["ro.boot.verifiedbootstate": "green", "ro.boot.flash.locked": "1"])
        #expect(security.bootloaderUnlocked == false && security.securityPatchDate == nil)
    }
}

@Suite struct AccountTests {
    @Test func accountsWithCommasInNames() throws {
        #expect(AccountsDump.parse(try Fixture.text("accounts.txt")) == [
            PhoneAccount(name: "kim.jansen@gmail.com", type: "com.google"),
            PhoneAccount(name: "+31612345678", type: "com.whatsapp"),
            PhoneAccount(name: "tracker, sync", type: "com.systemservice.account"),
        ])
    }

    @Test func accountsByUser() throws {
        let accounts = AccountsDump.parse(try Fixture.text("accounts-users.txt"))
        #expect(accounts.map(\.user) == [0, 10])
        #expect(accounts[1].name == "kim@werk.example")
    }
}

@Suite struct PackageDumpTests {
    @Test func installTimesInstallersAndGrantedPermissions() throws {
        let packages = PackageDump.parse(try Fixture.text("package-dump.txt"))
        #expect(packages.keys.sorted() == ["com.systemservice", "com.whatsapp"])
        let whatsapp = try #require(packages["com.whatsapp"])
        #expect(whatsapp.uid == 10245 && whatsapp.installer == "com.android.vending")
        #expect(whatsapp.firstInstallTime == "2021-03-14 09:20:45" && whatsapp.versionName == "2.23.11.76")
        #expect(whatsapp.requestedPermissions == ["android.permission.READ_CONTACTS", "android.permission.RECORD_AUDIO",
                                                  "android.permission.INTERNET"])
        #expect(whatsapp.isGranted("android.permission.READ_CONTACTS") && whatsapp.isGranted("android.permission.INTERNET"))
        #expect(!whatsapp.isGranted("android.permission.RECORD_AUDIO"))

        let sideloaded = try #require(packages["com.systemservice"])
        #expect(sideloaded.installer == nil, "an adb install has no installerPackageName line")
        #expect(sideloaded.firstInstallTime == "2026-11-20 22:14:05")
        #expect(sideloaded.isGranted("android.permission.ACCESS_BACKGROUND_LOCATION"))
        #expect(sideloaded.isGranted("android.permission.READ_SMS"))
        #expect(!sideloaded.isGranted("android.permission.READ_SMS", user: 10))
    }
}

@Suite struct AppOpsTests {
    @Test func backgroundLocationWithItsLastUse() throws {
        let ops = AppOpsDump.parse(try Fixture.text("appops-android13.txt"))
        #expect(ops.map(\.name) == ["READ_CONTACTS", "RECORD_AUDIO", "COARSE_LOCATION", "FINE_LOCATION",
                                    "SYSTEM_ALERT_WINDOW", "REQUEST_INSTALL_PACKAGES"])
        let fine = try #require(ops.first { $0.package == "com.systemservice" && $0.name == "FINE_LOCATION" })
        #expect(fine.mode == "allow" && fine.usedInBackground && fine.lastAccess == "2026-12-01 23:55:41.020")
        let coarse = try #require(ops.first { $0.name == "COARSE_LOCATION" })
        #expect(coarse.usedInBackground && coarse.lastAccess == "2026-12-01 23:55:41.019")
        #expect(ops.first { $0.name == "READ_CONTACTS" }?.usedInBackground == false)
        #expect(ops.first { $0.name == "REQUEST_INSTALL_PACKAGES" }?.mode == "deny")
        #expect(ops.first { $0.name == "RECORD_AUDIO" }?.lastAccess == nil)
    }

    @Test func olderOneLineLayout() throws {
        let ops = AppOpsDump.parse(try Fixture.text("appops-android9.txt"))
        #expect(ops == [
            AppOp(package: "com.spyzee", name: "COARSE_LOCATION", mode: "allow", lastAccess: "+3m12s401ms ago"),
            AppOp(package: "com.spyzee", name: "READ_SMS", mode: "allow", lastAccess: "+1h2m ago"),
            AppOp(package: "com.spyzee", name: "GET_USAGE_STATS", mode: "allow"),
        ])
    }
}
