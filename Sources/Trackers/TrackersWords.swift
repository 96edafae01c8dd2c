import AuditCore
import Foundation

/// What the trackers family says, in both languages.
public enum TrackersWords {
    static let notAsked = LocalizedText(en: "no Bluetooth scan was asked for (--trackers)", nl: "er is geen Bluetooth-scan gevraagd (--trackers)")
    static let noState = LocalizedText(
        en: "the state database is off (--no-state), so earlier scans cannot be compared with this one",
        nl: "de statusdatabase staat uit (--no-state), dus eerdere scans kunnen niet met deze vergeleken worden")
    static let needsFlag = LocalizedText(
        en: "--only trackers needs a Bluetooth scan: add --trackers (and --trackers-seconds N for longer than 30 seconds)",
        nl: "--only trackers heeft een Bluetooth-scan nodig: voeg --trackers toe (en --trackers-seconds N voor langer dan 30 seconden)")
    static let secondsOutOfRange = LocalizedText(
        en: "--trackers-seconds must be between \(TrackersFamily.secondsRange.lowerBound) and \(TrackersFamily.secondsRange.upperBound)",
        nl: "--trackers-seconds moet tussen \(TrackersFamily.secondsRange.lowerBound) en \(TrackersFamily.secondsRange.upperBound) liggen")
    static let noSignatures = LocalizedText(
        en: "no check of kind trackers-separated is loaded, so there are no tracker signatures to judge a scan with (was it skipped or removed?)",
        nl: "er is geen controle van de soort trackers-separated geladen, dus er zijn geen trackerkenmerken om een scan mee te beoordelen (overgeslagen of verwijderd?)")
    static let notCleanedUp = LocalizedText(
        en: "BlueZ did not confirm that the discovery stopped; it stops by itself when hygiene exits.",
        nl: "BlueZ bevestigde niet dat het zoeken gestopt is; het stopt vanzelf als hygiene afsluit.")

    static let emptyRecording = LocalizedText(en: "the recorded scan has no advertisement lines", nl: "de opgenomen scan heeft geen advertentieregels")
    static let recordedSource = "Bluetooth (recorded scan)"

    static func bluetooth(_ adapter: String?) -> String { "Bluetooth\(adapter.map { " (\($0))" } ?? "")" }

    /// The progress line's words while listening: the devices heard so far, then the seconds.
    public static func listening(_ devices: Int) -> LocalizedText {
        LocalizedText(en: "listening for Bluetooth trackers (\(devices) device\(devices == 1 ? "" : "s") heard), seconds",
                      nl: "luisteren naar Bluetooth-trackers (\(devices) \(devices == 1 ? "apparaat" : "apparaten") gehoord), seconden")
    }

    static func unreadable(_ count: Int) -> LocalizedText {
        LocalizedText(en: "\(count) Bluetooth message\(count == 1 ? "" : "s") about devices could not be read (wrong shape) and \(count == 1 ? "was" : "were") left out.",
                      nl: "\(count) Bluetooth-bericht\(count == 1 ? "" : "en") over apparaten \(count == 1 ? "was" : "waren") niet leesbaar (verkeerde vorm) en \(count == 1 ? "is" : "zijn") overgeslagen.")
    }

    static func historyUnreadable(_ reason: LocalizedText) -> LocalizedText {
        LocalizedText(en: "Earlier tracker scans could not be read from the state database: \(reason.en)",
                      nl: "Eerdere trackerscans konden niet uit de statusdatabase gelezen worden: \(reason.nl)")
    }

    /// A finding's key: the identity hashed (never an address in the state database), or the address hashed for this run.
    static func findingKey(_ device: HeardDevice, _ hasher: IdentityHasher) -> String {
        hasher.hash("finding|\(device.classification.identity ?? device.address)")
    }

    static func separatedTitle(_ device: HeardDevice) -> LocalizedText {
        LocalizedText(en: "\(device.product.name.en) away from its owner is near you", nl: "\(device.product.name.nl) weg van de eigenaar is bij je in de buurt")
    }

    static func unknownTitle(_ device: HeardDevice) -> LocalizedText {
        LocalizedText(en: "\(device.product.name.en) is near you (whether its owner is near cannot be told)",
                      nl: "\(device.product.name.nl) is bij je in de buurt (of de eigenaar in de buurt is, valt niet te zien)")
    }

    static func detail(_ device: HeardDevice) -> LocalizedText {
        let heard = LocalizedText(en: "Heard \(device.sightings) time\(device.sightings == 1 ? "" : "s"), \(device.closeness.en).",
                                  nl: "\(device.sightings) keer gehoord, \(device.closeness.nl).")
        let meaning = device.state == .separated
            ? LocalizedText(en: "Its signal says it is away from its owner: a tag someone put in your things sends exactly this. It is not proof: a lost item, a borrowed bag or a fellow traveller's tag look the same. Scan again in other places; a tag that stays with you is the warning sign.",
                            nl: "Het signaal zegt dat hij weg is van de eigenaar: een tag die iemand in je spullen stopte zendt precies dit. Het is geen bewijs: een verloren voorwerp, een geleende tas of de tag van een medereiziger zien er hetzelfde uit. Scan opnieuw op andere plekken; een tag die bij je blijft is het waarschuwingsteken.")
            : LocalizedText(en: "This type does not say whether its owner is near, so your own or a housemate's tag looks the same. Scan again in other places: one that keeps turning up is worth a look.",
                            nl: "Dit type zegt niet of de eigenaar in de buurt is, dus je eigen tag of die van een huisgenoot ziet er hetzelfde uit. Scan opnieuw op andere plekken: een die steeds opduikt verdient een blik.")
        let find = LocalizedText(en: "To find it: " + device.product.find.en.joined(separator: " "), nl: "Zo vind je hem: " + device.product.find.nl.joined(separator: " "))
        let disable = LocalizedText(en: "To switch it off, once you have kept evidence and made a plan: " + device.product.disable.en.joined(separator: " "),
                                    nl: "Zo zet je hem uit, nadat je bewijs hebt bewaard en een plan hebt gemaakt: " + device.product.disable.nl.joined(separator: " "))
        return LocalizedText(en: [heard.en, meaning.en, find.en, disable.en].joined(separator: " "),
                             nl: [heard.nl, meaning.nl, find.nl, disable.nl].joined(separator: " "))
    }

    static func subject(_ device: HeardDevice) -> Subject {
        Subject(device.product.name.en, [
            Subject.Field("type", device.product.name),
            Subject.Field("state", device.state.text),
            Subject.Field("signal", device.closeness),
            Subject.Field("heard", "\(device.sightings)"),
            Subject.Field("address", device.address),
        ])
    }

    static func nothingSeparated(_ scan: TrackerScan) -> LocalizedText {
        let near = scan.trackers.filter { $0.state == .nearOwner }.count
        let nearText = near == 0 ? LocalizedText(en: "", nl: "")
            : LocalizedText(en: " \(near) tracker\(near == 1 ? "" : "s") near \(near == 1 ? "its owner" : "their owners") (someone with their tag close by) gave no finding.",
                            nl: " \(near) tracker\(near == 1 ? "" : "s") bij de eigenaar (iemand met de eigen tag dichtbij) gaf geen bevinding.")
        return LocalizedText(en: "No tracker away from its owner was heard. \(scan.coverage.en)\(nearText.en) \(TrackerScan.limits.en)",
                             nl: "Er is geen tracker weg van de eigenaar gehoord. \(scan.coverage.nl)\(nearText.nl) \(TrackerScan.limits.nl)")
    }

    static func tooFewScans(_ scans: Int) -> LocalizedText {
        LocalizedText(en: "only \(scans) scan\(scans == 1 ? "" : "s") in the last 24 hours; at least \(FollowingRule().minimumScans) at different times are needed to tell whether a tracker goes where you go (scan with --trackers-save, or run 'hygiene trackers watch')",
                      nl: "pas \(scans) scan\(scans == 1 ? "" : "s") in de laatste 24 uur; er zijn er minstens \(FollowingRule().minimumScans) op verschillende momenten nodig om te zien of een tracker meegaat waar jij gaat (scan met --trackers-save, of gebruik 'hygiene trackers watch')")
    }

    static func noFollower(_ report: FollowingReport) -> LocalizedText {
        LocalizedText(en: "No tracker was heard across the \(report.scans) scans of the last 24 hours the way one travelling with you would be.\(report.placeKnown ? "" : " This computer could not tell places apart (no network name), so only a tag that stayed 2 hours or more would show.") \(TrackerScan.limits.en)",
                      nl: "Er is in de \(report.scans) scans van de laatste 24 uur geen tracker gehoord zoals een die met je meereist.\(report.placeKnown ? "" : " Deze computer kon plekken niet onderscheiden (geen netwerknaam), dus alleen een tag die 2 uur of langer bleef zou opvallen.") \(TrackerScan.limits.nl)")
    }

    static func productName(_ id: String, _ product: TrackerProduct?) -> LocalizedText { product?.name ?? .verbatim(id) }

    static func followerTitle(_ follower: Follower, _ product: TrackerProduct?) -> LocalizedText {
        let name = productName(follower.product, product)
        switch follower.reason {
        case .places:
            return LocalizedText(en: "\(name.en) may be travelling with you", nl: "\(name.nl) reist misschien met je mee")
        case .time:
            return LocalizedText(en: "\(name.en) away from its owner has stayed near this computer for hours",
                                 nl: "\(name.nl) weg van de eigenaar blijft al uren bij deze computer")
        case .rotating:
            return LocalizedText(en: "Trackers of one type (\(name.en)) keep turning up near you with new identities",
                                 nl: "Trackers van één type (\(name.nl)) duiken steeds op bij je, met steeds een nieuwe identiteit")
        }
    }

    static func followerDetail(_ follower: Follower, _ product: TrackerProduct?, placeKnown: Bool) -> LocalizedText {
        let hours = String(format: "%.1f", follower.hours)
        let base: LocalizedText
        switch follower.reason {
        case .places:
            base = LocalizedText(en: "The same tag, away from its owner, was heard in \(follower.scans) scans over \(hours) hours at \(follower.places) different places (networks or places you named).",
                                 nl: "Dezelfde tag, weg van de eigenaar, is gehoord in \(follower.scans) scans over \(hours) uur op \(follower.places) verschillende plekken (netwerken of plekken die je noemde).")
        case .time:
            base = LocalizedText(en: "The same tag was heard in \(follower.scans) scans over \(hours) hours. This computer could not tell whether you moved, so a neighbour's tag can look like this too.",
                                 nl: "Dezelfde tag is gehoord in \(follower.scans) scans over \(hours) uur. Deze computer kon niet zien of je van plek veranderde, dus de tag van een buur kan er ook zo uitzien.")
        case .rotating:
            base = LocalizedText(en: "In each of \(follower.scans) scans over \(hours) hours at \(follower.places) places a tag of this type was heard away from its owner, each time with a new identity. Some tags change their keys fast to avoid being followed; in a crowd or on public transport this also happens by chance.",
                                 nl: "In elk van \(follower.scans) scans over \(hours) uur op \(follower.places) plekken is een tag van dit type gehoord, weg van de eigenaar, telkens met een nieuwe identiteit. Sommige tags wisselen snel van sleutel om niet gevolgd te worden; in een menigte of het openbaar vervoer gebeurt dit ook toevallig.")
        }
        let transport = LocalizedText(en: "Were you on a train or bus with the same people the whole time? Then it may be a fellow traveller's tag.",
                                      nl: "Zat je de hele tijd met dezelfde mensen in een trein of bus? Dan kan het de tag van een medereiziger zijn.")
        let find = product.map { LocalizedText(en: " To find it: " + $0.find.en.joined(separator: " "), nl: " Zo vind je hem: " + $0.find.nl.joined(separator: " ")) }
            ?? LocalizedText(en: "", nl: "")
        return LocalizedText(en: "\(base.en) \(transport.en)\(find.en)", nl: "\(base.nl) \(transport.nl)\(find.nl)")
    }

    static func followerSubject(_ follower: Follower, _ product: TrackerProduct?) -> Subject {
        let name = productName(follower.product, product)
        let format = ISO8601DateFormatter()
        return Subject(name.en, [
            Subject.Field("type", name),
            Subject.Field("first seen", format.string(from: follower.first)),
            Subject.Field("last seen", format.string(from: follower.last)),
            Subject.Field("scans", "\(follower.scans)"),
            Subject.Field("places", "\(follower.places)"),
        ])
    }
}
