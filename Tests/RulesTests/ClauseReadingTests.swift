import Documents
import Findings
import Foundation
import Testing

@testable import Rules

/// Clause readings: each pattern the bundled lexicon knows, with its twin that uses the same words
/// and is a finding; anchors; and the errors a broken readings file gives.
@Suite struct ClauseReadingTests {
    static let bundledLexicon: ReadingLexicon = {
        (try? RuleSet.bundled())?.lexicon ?? ReadingLexicon()
    }()

    /// The readings of `text` (an agreement snippet), the whole clause counting as matched unless
    /// `matched` names the words a rule found.
    static func readings(_ text: String, matched word: String? = nil) throws -> Set<Reading> {
        let agreement = try AgreementReader.read(Array("<p>\(text)</p>".utf8), kind: .html)
        let clause = try #require(agreement.clauses.first)
        let normalized = clause.normalizedText
        var matched = [0..<clause.normalized.count]
        if let word {
            let scalars = Array(normalized.unicodeScalars), target = Array(TextNormalizer.normalizedString(word).unicodeScalars)
            let start = try #require((0...(scalars.count - target.count)).first { Array(scalars[$0..<$0 + target.count]) == target })
            matched = [start..<start + target.count]
        }
        var reading = ClauseReadings(lexicon: bundledLexicon, normalizedText: normalized)
        return Set(Reading.allCases.filter { reading.has($0, matched: matched) })
    }

    @Test func everyReadingHasCuesInTheBundledLexicon() {
        for reading in Reading.allCases {
            #expect(Self.bundledLexicon.entries[reading]?.cues.isEmpty == false, "\(reading.rawValue) has no cues")
        }
    }

    @Test(arguments: [
        // (reading, a clause that has it, its twin with the same words that does not)
        (Reading.heading, "三、我们如何共享、转让、公开披露您的个人信息", "3、我们将向合作机构共享您的个人信息。"),
        (.heading, "（四）个人信息的公开披露", "（四）我们会公开披露您的逾期信息"),
        (.definition, "个人信息：指以电子方式记录的各种信息，包括通讯录、好友列表。", "我们会收集您的个人信息，包括通讯录、好友列表。"),
        (.hypothetical, "如果更新的内容需要获取您的通讯录，我们会再次以显著方式征求您的同意。", "当您申请借款时，我们会获取您的通讯录。"),
        (.hypothetical, "If a later version needs your address book, we will ask for your consent again.", "When you apply, we will read your address book."),
        (.consentConditioned, "只有经过您的同意，我们才会将这些信息与第三方共享。", "您同意我们将这些信息与第三方共享。"),
        (.consentConditioned, "We share your data with partners only with your explicit consent.", "You agree that we share your data with partners."),
        (.consentConditioned, "我们会在获得您的单独授权后与合作机构共享信息。", "您的信息可在我们与合作机构之间共享，无需另行授权。"),
        (.instruction, "您可以在手机设置中关闭通讯录权限。", "我们将在后台读取通讯录权限下的全部联系人。"),
        (.instruction, "在系统设置中打开或者关闭位置、相册和读取通讯录等权限。", "在系统设置中打开通讯录权限后，我们会读取通讯录。"),
        (.instruction, "您可以在设置中撤回访问通讯录的授权。", "您可以选择授权我们访问您的通讯录，以便快速选择充值号码，拒绝授权不影响您手动输入。"),
        (.pickerOnly, "我们仅读取您在系统选择器中点选的一位联系人。", "我们读取您通讯录中的全部联系人。"),
        (.featureScoped, "如您拒绝定位，网点查询功能将无法使用，但您仍可以使用借款服务。", "如您拒绝定位，我们将无法为您提供借款服务。"),
        (.userCaused, "如您自愿公布个人信息导致泄露，我们不承担责任。", "如因系统漏洞导致您的个人信息泄露，我们不承担责任。"),
        (.userCaused, "您使用第三方服务时，向其提供个人信息而产生的后果由您自行承担。", "我们向第三方提供您的个人信息而产生的后果由您自行承担。"),
        (.thirdPartyContent, "我们不对第三方网站的内容负责。", "我们不对第三方收集您的个人信息负责。"),
        (.serviceOutage, "因停机维护导致的正常服务中断，我们不承担责任。", "因停机维护导致您的数据丢失，我们不承担责任。"),
        (.userActs, "您选择向微信好友分享您的个人信息时，需要授权。", "您同意我们向合作伙伴分享您的个人信息。"),
        (.personalisation, "我们会在首页为您进行个性化推荐。", "我们会在网站首页公布逾期用户名单。"),
        (.exampleOfOthers, "例如，曾有不法借贷App读取用户通讯录并向其联系人发送催收短信，这种行为是违法的。", "逾期后，我们会读取您的通讯录并向其中的联系人发送催收短信。"),
        (.featureScoped, "If you refuse location, the branch finder will not work, but you can still apply for a loan.", "If you refuse location, we cannot process your loan application."),
        (.featureScoped, "当您使用邀请好友功能时，您需要授权我们读取通讯录。", "当您申请借款时，您需要授权我们读取通讯录。"),
        (.featureScoped, "拒绝后我们将无法为您提供头像设置、发送图片等相关服务。", "拒绝后我们将无法为您提供借款服务。"),
        (.publishedNotice, "请通过本政策公示的联系方式与我们联系。", "我们将公示您的逾期信息。"),
        (.userActs, "由此造成您损失的，您应向第三方追偿。", "逾期后我们将委托第三方向您追偿。"),
        (.namedRecipients, "我们将设备信息共享给以下第三方SDK：友盟、极光。", "我们将设备信息共享给合作伙伴。"),
        (.negated, "授权第三方无权将共享的个人信息向其他任何第三方作进一步的披露。", "授权第三方有权将共享的个人信息向其他任何第三方作进一步的披露。"),
        (.namedRecipients, "我们可按照您的要求，将您的个人信息副本传输给您指定的第三方。", "我们可将您的个人信息副本传输给第三方。"),
        (.deIdentified, "我们确保数据接收方无法重新识别个人信息主体后，将数据提供给第三方。", "我们将可识别您身份的数据提供给第三方。"),
        (.moderation, "经认定判断有误的，我们不承担由此造成的一切后果。", "因数据库被攻击导致信息泄露的，我们不承担由此造成的一切后果。"),
        (.legalOrder, "根据强制性的行政或司法要求，我们可能会公开披露您的个人信息。", "根据法律规定，我们有权公开披露您的逾期信息。"),
        (.safeguard, "我们会采取加密等安全措施，防止您的个人信息被公开披露。", "我们会在网站上公开披露您的个人信息。"),
        (.faultBased, "非因我们的过错导致您的信息泄露的，我们不承担责任。", "无论何种原因导致您的信息泄露，我们均不承担责任。"),
        (.allocation, "您在使用第三方服务时主动提供给第三方的信息，应当由该第三方保证其合规性。", "您在使用第三方服务时主动提供给第三方的信息，应当由该第三方保证其合规性，我们不承担任何责任。"),
    ])
    func aReadingAndItsTwin(reading: Reading, has text: String, twin: String) throws {
        #expect(try Self.readings(text).contains(reading), "'\(text)' should read as \(reading.rawValue)")
        #expect(try !Self.readings(twin).contains(reading), "'\(twin)' should not read as \(reading.rawValue)")
    }

    /// "例如" before the address book: the address book is only an example of permissions that may be needed.
    @Test func anInventoryCueCountsOnlyBeforeTheMatchedWord() throws {
        let inventory = "使用中可能需要您开通一些设备权限，例如相机、通讯录等。"
        #expect(try Self.readings(inventory, matched: "通讯录").contains(.permissionInventory))
        #expect(try !Self.readings(inventory, matched: "可能需要").contains(.permissionInventory))
    }

    /// Data that comes in from a platform is inbound; the same data handed to partners is not.
    @Test func inboundDataIsReadBeforeTheMatchedWords() throws {
        #expect(try Self.readings("经您授权，我们从微信获取您的昵称和头像。", matched: "昵称").contains(.inbound))
        #expect(try !Self.readings("经您授权，我们将您的昵称和头像提供给合作伙伴。", matched: "合作伙伴").contains(.inbound))
        #expect(try Self.readings("您授权我们间接向第三方获取相关信息，以便处理您的订单。", matched: "第三方").contains(.inbound))
        #expect(try !Self.readings("您授权我们向第三方提供相关信息，以便处理您的订单。", matched: "第三方").contains(.inbound))
    }

    /// The negation must reach the act the rule found, not another act of the clause.
    @Test func aNegationCountsOnlyWhereItReachesTheMatchedAct() throws {
        let clause = "我们不会出售您的信息，但会将您的信息提供给合作机构。"
        #expect(try Self.readings(clause, matched: "出售").contains(.negated))
        #expect(try !Self.readings(clause, matched: "提供给合作机构").contains(.negated))
        #expect(try Self.readings("我们不会无故把您的个人信息提供给无关的第三方。", matched: "提供给").contains(.negated))
    }

    /// "公示的联系方式" is the provider's contact address; the reading must reach the matched "公示".
    @Test func aPublishedNoticeReachesOnlyTheVerbItOverlaps() throws {
        let clause = "请通过本政策公示的联系方式与我们联系，我们将公示您的逾期信息。"
        #expect(try Self.readings(clause, matched: "公示的联系").contains(.publishedNotice))
        #expect(try !Self.readings(clause, matched: "公示您的逾期").contains(.publishedNotice))
    }

    /// A back-reference carries the clause before's reading; without one, the clause is read alone.
    @Test func aBackReferenceCarriesThePreviousClausesReading() throws {
        let order = "根据强制性的行政或司法要求，我们可能会公开披露您的个人信息。"
        var carried = ClauseReadings(lexicon: Self.bundledLexicon, normalizedText: TextNormalizer.normalizedString("我们会依据所要求的信息类型公开披露您的个人信息。")) {
            [TextNormalizer.normalizedString(order)]
        }
        let carriedHas = carried.has(.legalOrder, matched: [0..<5])
        #expect(carriedHas)
        var alone = ClauseReadings(lexicon: Self.bundledLexicon, normalizedText: TextNormalizer.normalizedString("我们会公开披露您的逾期信息。")) {
            [TextNormalizer.normalizedString(order)]
        }
        let aloneHas = alone.has(.legalOrder, matched: [0..<5])
        #expect(!aloneHas)
    }

    /// A section title gives its clauses a reading: under "一、定义" a clause defines.
    @Test func aSectionHeadingGivesItsClausesTheirReading() throws {
        let clause = TextNormalizer.normalizedString("敏感个人信息，例如我们可能收集的通讯录，一旦泄露可能危害人身安全。")
        var underDefinitions = ClauseReadings(lexicon: Self.bundledLexicon, normalizedText: clause, headingAbove: { "一、定义" })
        let defined = underDefinitions.has(.definition, matched: [0..<4])
        #expect(defined)
        var underCollection = ClauseReadings(lexicon: Self.bundledLexicon, normalizedText: clause, headingAbove: { "二、我们收集的信息" })
        let collected = underCollection.has(.definition, matched: [0..<4])
        #expect(!collected)
    }

    /// "如不同意…则无法借款" is a refusal: the instruction reading is cancelled.
    @Test func aCancellingCueTakesTheReadingAway() throws {
        #expect(try !Self.readings("您可以撤回通讯录授权，但撤回后我们将无法为您提供借款服务。").contains(.instruction))
    }

    @Test func aRuleLeavesAloneWhatItsReadingsExclude() throws {
        let rule = RuleEngineTests.rule(match: """
              all: [[读取], [通讯录]]
              not_in: [hypothetical]
            """)
        #expect(try RuleEngineTests.findings(rule, "<p>我们将读取您的通讯录。</p>").count == 1)
        #expect(try RuleEngineTests.findings(rule, "<p>如果新版本需要读取您的通讯录，我们会再次征求您的同意。</p>").isEmpty)
    }

    @Test func anUnknownReadingIsAnErrorListingTheKnownOnes() throws {
        let rule = RuleEngineTests.rule(match: """
              all: [[读取], [通讯录]]
              not_in: [hypothetic]
            """)
        #expect {
            _ = try RuleEngineTests.ruleSet(rule)
        } throws: { error in
            let text = "\(error)"
            return text.contains("rules/t/r.yaml:12") && text.contains("hypothetic") && text.contains("consent-conditioned")
        }
    }

    @Test func aBrokenReadingsFileNamesTheFileLineAndPattern() throws {
        var lexicon = ReadingLexicon()
        #expect {
            try lexicon.load(yaml: "negated:\n  cues:\n    - '(不会'\n", file: "mine/readings.yaml")
        } throws: { error in
            "\(error)".contains("mine/readings.yaml:3:") && "\(error)".contains("(不会")
        }
        #expect {
            try lexicon.load(yaml: "negated:\n  anchor: overlaps\n  cues: ['x']\n  carried_by: ['y']\n", file: "mine/readings.yaml")
        } throws: { error in
            "\(error)".contains("mine/readings.yaml:2:") && "\(error)".contains("anchor: clause")
        }
        #expect {
            try lexicon.load(yaml: "negatd:\n  cues: ['x']\n", file: "mine/readings.yaml")
        } throws: { error in
            "\(error)".contains("mine/readings.yaml:1:1") && "\(error)".contains("negated")
        }
    }

    /// A `--rules` folder's readings.yaml adds cues to the bundled reading of the same name.
    @Test func addedCuesExtendABundledReading() throws {
        var lexicon = Self.bundledLexicon
        let before = lexicon.entries[.negated]?.cues.count ?? 0
        try lexicon.load(yaml: "negated:\n  cues: ['绝对不碰']\n", file: "mine/readings.yaml")
        #expect(lexicon.entries[.negated]?.cues.count == before + 1)
        #expect(lexicon.entries[.negated]?.anchor == .overlaps)
    }
}

/// The loosened screen of an anchored cue may only say no where the cue cannot match.
@Suite struct LoosenedPrefilterTests {
    @Test func aLoosenedPatternMatchesWhereverThePatternDoes() throws {
        let lexicon = ClauseReadingTests.bundledLexicon
        let texts = [
            "三、我们如何共享、转让、公开披露您的个人信息", "个人信息:指以电子方式记录的各种信息", "how we share your information",
            "personal information means any information", "我们会读取您的通讯录。", "[关于我们](http://a.b/c)|[条款](http://a.b/d)",
            "1. definitions", "第一条 释义", "(四)个人信息的公开披露", "you can turn off the contacts permission",
        ].map(TextNormalizer.normalizedString)
        var checked = 0
        for entry in lexicon.entries.values {
            for (pattern, regex) in zip(entry.cues, entry.compiledCues) where regex.screen == nil {
                guard let prefilter = regex.prefilter else { continue }
                #expect(SendableRegex.loosened(pattern) != nil)
                for text in texts where !regex.matches(in: text, known: false).isEmpty {
                    #expect(prefilter.matches(Array(text.unicodeScalars)), "\(pattern) matches '\(text)' but its prefilter says no")
                    checked += 1
                }
            }
        }
        #expect(checked > 0)
        #expect(SendableRegex.loosened("^a\\s+b\\b$") == "a.+b")
        #expect(SendableRegex.loosened("a\\\\sb") == nil)
    }
}
