import Foundation
import Testing

@testable import BudgetModel

@Suite("Vocabulary")
struct VocabularyTests {
    @Test("fold turns full-width letters and brackets into ASCII, drops spaces, lowercases")
    func fold() {
        #expect(Vocabulary.fold("（一般公共预算）") == "(一般公共预算)")
        #expect(Vocabulary.fold("ＢＡＳＩＣ") == "basic")
        #expect(Vocabulary.fold(" Project\t") == "project")
        #expect(Vocabulary.fold("基本\u{3000}支出") == "基本支出")
        #expect(Vocabulary.fold("carryover-General") == "carryover-general")
    }

    @Test(
        "expenditure types by English or Chinese name",
        arguments: [
            ("basic", ExpenditureType.basic),
            ("BASIC", .basic),
            ("ｂａｓｉｃ", .basic),
            ("基本支出", .basic),
            (" 基本 支出 ", .basic),
            ("project", .project),
            ("项目支出", .project),
            ("operating", .operating),
            ("经营支出", .operating),
            ("remit", .remit),
            ("上解上级支出", .remit),
            ("上缴上级支出", .remit),
            ("subsidy", .subsidy),
            ("对附属单位补助支出", .subsidy),
        ])
    func expenditureType(text: String, expected: ExpenditureType) {
        #expect(Vocabulary.expenditureType(text) == expected)
    }

    @Test("unknown expenditure types", arguments: ["", "基本", "杂项", "projects", "personnel"])
    func unknownExpenditureType(text: String) {
        #expect(Vocabulary.expenditureType(text) == nil)
    }

    @Test(
        "cost natures by English or Chinese name",
        arguments: [
            ("personnel", CostNature.personnel),
            ("Personnel", .personnel),
            ("人员经费", .personnel),
            ("人员", .personnel),
            ("人员类", .personnel),
            ("public", .publicFunds),
            ("公用经费", .publicFunds),
            ("公用", .publicFunds),
            ("公用类", .publicFunds),
            ("日常公用经费", .publicFunds),
        ])
    func costNature(text: String, expected: CostNature) {
        #expect(Vocabulary.costNature(text) == expected)
    }

    @Test("unknown cost natures", arguments: ["", "publicFunds", "其他经费", "项目经费"])
    func unknownCostNature(text: String) {
        #expect(Vocabulary.costNature(text) == nil)
    }

    @Test(
        "funding sources by English name",
        arguments: FundingSource.allCases)
    func fundingSourceByRawValue(source: FundingSource) {
        #expect(Vocabulary.fundingSource(source.rawValue) == source)
        #expect(Vocabulary.fundingSource(source.rawValue.uppercased()) == source)
    }

    @Test(
        "funding sources by Chinese name",
        arguments: FundingSource.allCases)
    func fundingSourceByChineseName(source: FundingSource) {
        #expect(Vocabulary.fundingSource(source.chineseName) == source)
    }

    @Test(
        "funding source spellings and aliases",
        arguments: [
            ("财政拨款结转结余(一般公共预算)", FundingSource.carryoverGeneral),  // ASCII brackets
            ("财政拨款结转结余（一般公共预算）", .carryoverGeneral),  // full-width brackets
            ("财政拨款结转结余（政府性基金预算）", .carryoverFund),
            ("财政拨款结转结余(国有资本经营预算)", .carryoverSoe),
            ("财政拨款结转结余（一般公共预算拨款）", .carryoverGeneral),
            ("财政拨款结转结余(政府性基金预算拨款)", .carryoverFund),
            ("财政拨款结转结余（国有资本经营预算拨款）", .carryoverSoe),
            ("其他结转", .carryoverOther),
            ("非财政拨款结转结余", .carryoverOther),
            ("一般公共预算", .general),
            ("一般公共预算拨款收入", .general),
            ("一般公共预算财政拨款", .general),
            ("政府性基金预算", .fund),
            ("国有资本经营预算拨款收入", .soe),
            ("财政专户收入", .special),
            ("财政专户核拨", .special),
            ("经营收入", .operating),
            ("事业收入", .business),
            (" 上级补助收入 ", .superior),
            ("附属单位上缴收入", .affiliate),
            ("其他收入", .other),
        ])
    func fundingSourceAliases(text: String, expected: FundingSource) {
        #expect(Vocabulary.fundingSource(text) == expected)
    }

    @Test(
        "ambiguous carry-over words name no source and are recognised as ambiguous",
        arguments: ["carryover", "Carryover", "上年结转结余", "上年结转", "结转结余", "财政拨款结转结余", "财政拨款 结转结余"])
    func ambiguousCarryover(text: String) {
        #expect(Vocabulary.fundingSource(text) == nil)
        #expect(Vocabulary.isAmbiguousCarryover(text))
    }

    @Test("specific carry-over names and unrelated words are not ambiguous", arguments: ["carryover-general", "其他结转结余", "一般公共预算拨款", "银行贷款", ""])
    func notAmbiguous(text: String) {
        #expect(!Vocabulary.isAmbiguousCarryover(text))
    }

    @Test("unknown funding sources", arguments: ["", "银行贷款", "general-fund", "财政拨款"])
    func unknownFundingSource(text: String) {
        #expect(Vocabulary.fundingSource(text) == nil)
    }

    @Test(
        "unit natures",
        arguments: [
            ("行政", UnitNature.administrative),
            ("行政单位", .administrative),
            ("administrative", .administrative),
            ("Admin", .administrative),
            ("事业", .institution),
            ("事业单位", .institution),
            ("institution", .institution),
            ("参公", .civilServiceManaged),
            ("参照公务员法管理", .civilServiceManaged),
            ("参照公务员法管理的事业单位", .civilServiceManaged),
            ("civil-service", .civilServiceManaged),
        ])
    func unitNature(text: String, expected: UnitNature) {
        #expect(Vocabulary.unitNature(text) == expected)
    }

    @Test("unknown unit natures", arguments: ["", "企业", "civilServiceManaged"])
    func unknownUnitNature(text: String) {
        #expect(Vocabulary.unitNature(text) == nil)
    }

    @Test("choice lists name every value in both languages")
    func choices() {
        #expect(Vocabulary.typeChoices == "basic/基本支出、project/项目支出、operating/经营支出、remit/上解上级支出、subsidy/对附属单位补助支出")
        #expect(Vocabulary.natureChoices == "personnel/人员经费、public/公用经费")
        #expect(Vocabulary.sourceChoices.hasPrefix("general/一般公共预算拨款、fund/政府性基金预算拨款、"))
        #expect(Vocabulary.sourceChoices.hasSuffix("carryover-other/其他结转结余"))
        #expect(Vocabulary.sourceChoices.components(separatedBy: "、").count == FundingSource.allCases.count)
        for word in ["carryover-general", "carryover-fund", "carryover-soe", "carryover-other"] {
            #expect(Vocabulary.carryoverHint.contains(word))
        }
    }
}

@Suite("Classification enums")
struct ClassificationEnumTests {
    @Test(
        "CostNature.defaultFor: 301 and 303 are 人员经费, everything else 公用经费",
        arguments: [
            ("30101", CostNature.personnel),
            ("30199", .personnel),
            ("30301", .personnel),
            ("30201", .publicFunds),
            ("30226", .publicFunds),
            ("31002", .publicFunds),
            ("39999", .publicFunds),
        ])
    func defaultNature(code: String, expected: CostNature) {
        #expect(CostNature.defaultFor(economic: code) == expected)
    }

    @Test("Chinese names")
    func chineseNames() {
        #expect(ExpenditureType.basic.chineseName == "基本支出")
        #expect(ExpenditureType.remit.chineseName == "上解上级支出")
        #expect(CostNature.personnel.chineseName == "人员经费")
        #expect(CostNature.publicFunds.chineseName == "公用经费")
        #expect(CostNature.publicFunds.rawValue == "public")
        #expect(FundingSource.carryoverGeneral.chineseName == "财政拨款结转结余（一般公共预算）")
        #expect(FundingSource.carryoverGeneral.rawValue == "carryover-general")
    }

    @Test("only the four carry-over sources are carry-overs")
    func isCarryover() {
        let carryovers = FundingSource.allCases.filter(\.isCarryover)
        #expect(carryovers == [.carryoverGeneral, .carryoverFund, .carryoverSoe, .carryoverOther])
        #expect(FundingSource.allCases.count == 13)
    }
}
