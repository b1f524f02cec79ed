/// The category vocabulary every finding carries (DESIGN.md "Rules"); reports group by it.
public enum FindingCategory: String, Sendable, Codable, CaseIterable, Comparable {
    case contactsPermission = "contacts-permission"
    case contactsCollection = "contacts-collection"
    case refusalToServe = "refusal-to-serve"
    case thirdPartyCollection = "third-party-collection"
    case debtDisclosure = "debt-disclosure"
    case liabilityWaiver = "liability-waiver"
    case emergencyContacts = "emergency-contacts"
    case excessivePermission = "excessive-permission"
    case undisclosedPermission = "undisclosed-permission"
    case contradiction
    /// Added with the store pack: loan terms are agreement facts the other categories do not cover.
    case loanTerms = "loan-terms"

    public static func < (lhs: FindingCategory, rhs: FindingCategory) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// One line a reader of the report understands without the design page.
    public var meaning: String {
        switch self {
        case .contactsPermission: "a manifest asks for the address book"
        case .contactsCollection: "an agreement reads, uploads, stores or analyses the address book"
        case .refusalToServe: "declining non-necessary information or a permission means no service"
        case .thirdPartyCollection: "contacts or emergency contacts may be called or messaged about the debt"
        case .debtDisclosure: "debt or personal data goes to collectors or other third parties without separate consent"
        case .liabilityWaiver: "the lender disclaims responsibility for harm from collection or data use"
        case .emergencyContacts: "emergency contacts: more than two, from the address book, or not informed"
        case .excessivePermission: "a sensitive permission a lending app does not need"
        case .undisclosedPermission: "a requested permission that no agreement of the app discloses"
        case .contradiction: "an agreement denies what the manifest asks for"
        case .loanTerms: "loan terms past a store's limits (repayment within 60 days, APR above 36 %) or left for the lender to change"
        }
    }
}
