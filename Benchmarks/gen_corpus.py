#!/usr/bin/env python3
"""Deterministic generator of a realistic lendaudit benchmark corpus.

    gen_corpus.py --apps N --seed S --out DIR            # the corpus: DIR/app-00001/ ...
    gen_corpus.py --rules-out DIR --rule-count K --seed S # K synthetic rules (a --rules pack)

Each app folder holds 1-3 Chinese agreements (HTML, some plain text) of 5 to 300 KB with
headings, tables, lists, inline markup that splits words, entities, scripts, styles and comments;
about a fifth are GBK with <meta charset="gbk">; a few percent of clauses violate the bundled
rules (address-book reading, refusal to serve) so findings are produced. Most apps have an
AndroidManifest.xml, some an Info.plist, about half a lendaudit.yml. Same seed, same bytes.
"""
import argparse
import math
import os
import random

ENTITIES = ["平台", "本公司", "我们", "贷款人", "出借人", "合作机构", "第三方支付机构", "征信机构", "担保公司", "资金方"]
SUBJECTS = ["您", "借款人", "用户", "您本人", "申请人"]
VERBS = ["同意", "确认", "知悉并同意", "授权", "承诺", "理解", "保证"]
OBJECTS = [
    "按时足额偿还借款本金、利息及相关费用", "提供真实、准确、完整的身份信息", "妥善保管账户密码及验证码",
    "遵守国家法律法规及本协议的约定", "在借款到期日前将应还款项存入指定银行账户", "承担因逾期还款产生的罚息和违约金",
    "接受平台对借款用途的合理监督", "及时更新联系方式及住址信息", "配合完成实名认证和银行卡绑定",
    "通过人脸识别完成身份核验", "查询并使用您在征信系统中的信用报告", "以电子签名方式签署本协议",
]
NOUNS = ["借款金额", "借款期限", "年化利率", "还款方式", "服务费", "担保费", "逾期罚息", "提前还款", "账户余额",
         "授信额度", "放款时间", "银行卡", "身份证", "手机号码", "个人信息", "设备信息", "位置信息", "信用评估"]
CONNECT = ["根据", "依照", "按照", "鉴于", "为了", "在", "如果", "除非", "对于"]
TAILS = ["的相关规定", "的约定执行", "时予以处理", "的情况下", "前予以确认", "后生效", "并承担相应责任", "时一并结算"]
VIOLATING = [
    "如您拒绝授权通讯录，我们将无法为您提供借款服务。",
    "若您不同意我们读取您的手机联系人，您将不能申请借款。",
    "我们将读取您的通讯录信息，用于风险控制和反欺诈。",
    "为评估您的信用，您同意我们上传并分析您的手机联系人。",
    "如借款人逾期，平台有权联系借款人通讯录中的联系人催收欠款。",
    "您同意我们将您的逾期信息提供给第三方催收机构。",
]
COMPLIANT_NEAR_MISS = [
    "拒绝授权通讯录后不影响您使用借款服务。",
    "我们不会读取您的通讯录。",
    "您可以手动输入两位紧急联系人的姓名和电话。",
    "如您拒绝提供身份证或银行卡信息，我们将无法为您提供借款服务。",
]
ENGLISH = [
    "This agreement is governed by the laws of the People's Republic of China.",
    "The annual percentage rate is disclosed on the loan confirmation page.",
    "Please read all terms carefully before you tap Agree.",
]
HEADINGS = ["总则", "定义", "借款申请", "借款发放", "利息及费用", "还款", "逾期处理", "个人信息保护", "权限说明",
            "违约责任", "争议解决", "协议的变更与终止", "其他约定", "附则"]
PERMS_ANDROID = [
    "INTERNET", "ACCESS_NETWORK_STATE", "CAMERA", "READ_PHONE_STATE", "ACCESS_FINE_LOCATION",
    "ACCESS_COARSE_LOCATION", "READ_CONTACTS", "READ_CALL_LOG", "READ_SMS", "RECORD_AUDIO",
    "READ_EXTERNAL_STORAGE", "WRITE_EXTERNAL_STORAGE", "QUERY_ALL_PACKAGES", "GET_ACCOUNTS", "READ_CALENDAR",
]
IOS_KEYS = [
    ("NSCameraUsageDescription", "用于拍摄身份证和人脸识别"),
    ("NSContactsUsageDescription", "用于填写紧急联系人"),
    ("NSLocationWhenInUseUsageDescription", "用于风控评估"),
    ("NSPhotoLibraryUsageDescription", "用于上传证件照片"),
    ("NSMicrophoneUsageDescription", "用于语音客服"),
]


def sentence(rng, violating_rate):
    r = rng.random()
    if r < violating_rate:
        return rng.choice(VIOLATING)
    if r < violating_rate * 2:
        return rng.choice(COMPLIANT_NEAR_MISS)
    if r < violating_rate * 2 + 0.02:
        return rng.choice(ENGLISH) + " "
    s = rng.choice(CONNECT) + rng.choice(NOUNS) + rng.choice(TAILS) + "，" + rng.choice(SUBJECTS) + rng.choice(VERBS)
    s += rng.choice(ENTITIES) + rng.choice(OBJECTS)
    if rng.random() < 0.5:
        s += "，" + rng.choice(NOUNS) + "为" + str(rng.randint(1, 36)) + ("个月" if rng.random() < 0.5 else "%")
    return s + rng.choice("。。。；")


def inline(rng, text):
    """Wraps a few words in inline markup that splits them, and adds entities."""
    if rng.random() < 0.3 and len(text) > 6:
        i = rng.randint(1, len(text) - 3)
        tag = rng.choice(["span", "b", "strong", "em", "font"])
        text = text[:i] + "<%s>%s</%s>" % (tag, text[i:i + 2], tag) + text[i + 2:]
    if rng.random() < 0.1:
        text = text.replace("，", "&nbsp;，", 1)
    return text


SCRIPT = """<script type="text/javascript">
var _hmt = _hmt || []; (function() { var hm = document.createElement("script");
hm.src = "https://hm.example.com/hm.js?%x"; var s = document.getElementsByTagName("script")[0];
s.parentNode.insertBefore(hm, s); if (a < b && c > d) { console.log("</p>不是正文"); } })();
</script>
"""
STYLE = """<style>
body { font-family: "PingFang SC", "Microsoft YaHei", sans-serif; line-height: 1.6; margin: 0 16px; }
.clause { text-indent: 2em; } table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 4px; }
h1 { font-size: 20px; text-align: center; } /* %x */
</style>
"""


def agreement_html(rng, target, charset, violating_rate):
    parts = ['<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="%s">\n' % charset,
             '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
             "<title>%s</title>\n" % rng.choice(["借款协议", "用户服务协议", "隐私政策", "个人信息授权书"])]
    parts.append(STYLE % rng.getrandbits(32))
    parts.append(SCRIPT % rng.getrandbits(32))
    parts.append('</head>\n<body>\n<div class="content">\n<h1>%s</h1>\n' % rng.choice(["借款协议", "隐私政策"]))
    size = sum(len(p.encode("utf-8")) for p in parts)
    section = 0
    while size < target:
        section += 1
        block = ['<h2>第%d条 %s</h2>\n' % (section, rng.choice(HEADINGS))]
        kind = rng.random()
        if kind < 0.12:
            block.append("<table>\n<tr><th>项目</th><th>内容</th><th>说明</th></tr>\n")
            for _ in range(rng.randint(3, 12)):
                block.append("<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n" % (
                    rng.choice(NOUNS), str(rng.randint(100, 200000)) + "元", inline(rng, sentence(rng, violating_rate))))
            block.append("</table>\n")
        elif kind < 0.3:
            tag = rng.choice(["ol", "ul"])
            block.append("<%s>\n" % tag)
            for _ in range(rng.randint(3, 9)):
                block.append("<li>%s</li>\n" % inline(rng, sentence(rng, violating_rate)))
            block.append("</%s>\n" % tag)
        else:
            for _ in range(rng.randint(2, 8)):
                text = "".join(inline(rng, sentence(rng, violating_rate)) for _ in range(rng.randint(1, 4)))
                block.append('<p class="clause">%s</p>\n' % text)
        if rng.random() < 0.05:
            block.append("<!-- 版本 %d 修订：调整第%d条 -->\n" % (rng.randint(1, 9), section))
        if rng.random() < 0.03:
            block.append(SCRIPT % rng.getrandbits(32))
        chunk = "".join(block)
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
    parts.append("<p>甲方：${lenderName}　乙方：{{ borrowerName }}</p>\n</div>\n</body>\n</html>\n")
    return "".join(parts)


def agreement_text(rng, target, violating_rate):
    lines, size = ["借款协议", ""], 0
    section = 0
    while size < target:
        section += 1
        line = "第%d条 %s" % (section, rng.choice(HEADINGS))
        lines.append(line)
        for _ in range(rng.randint(2, 6)):
            para = "".join(sentence(rng, violating_rate) for _ in range(rng.randint(1, 4)))
            lines.append(para)
            size += len(para.encode("utf-8")) + 1
    return "\n".join(lines) + "\n"


def android_manifest(rng, package):
    perms = rng.sample(PERMS_ANDROID, rng.randint(2, 9))
    out = ['<?xml version="1.0" encoding="utf-8"?>\n',
           '<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="%s">\n' % package]
    for p in perms:
        out.append('    <uses-permission android:name="android.permission.%s" />\n' % p)
    out.append('    <application android:label="@string/app_name" android:icon="@mipmap/ic_launcher">\n')
    out.append('        <activity android:name=".MainActivity" android:exported="true">\n'
               '            <intent-filter><action android:name="android.intent.action.MAIN" />'
               '<category android:name="android.intent.category.LAUNCHER" /></intent-filter>\n'
               '        </activity>\n    </application>\n</manifest>\n')
    return "".join(out)


def info_plist(rng, package):
    keys = rng.sample(IOS_KEYS, rng.randint(1, len(IOS_KEYS)))
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n',
           '<plist version="1.0">\n<dict>\n',
           '\t<key>CFBundleIdentifier</key>\n\t<string>%s</string>\n' % package]
    for key, purpose in keys:
        out.append("\t<key>%s</key>\n\t<string>%s</string>\n" % (key, purpose))
    out.append("</dict>\n</plist>\n")
    return "".join(out)


def agreement_size(rng):
    # Log-uniform between 5 and 300 KB: many small pages, a long tail of big contracts.
    return int(math.exp(rng.uniform(math.log(5 * 1024), math.log(300 * 1024))))


def write_corpus(apps, seed, out, violating_rate):
    total_bytes = 0
    total_files = 0
    for index in range(1, apps + 1):
        rng = random.Random("%d/%d" % (seed, index))
        folder = os.path.join(out, "app-%05d" % index)
        os.makedirs(folder, exist_ok=True)
        package = "com.example.loan%05d" % index
        files = {}
        if rng.random() < 0.5:
            files["lendaudit.yml"] = ("name: 借款应用%05d\nversion: 1.%d.0\ncategory: lending\njurisdictions: [CN]\n"
                                      % (index, rng.randint(0, 9))).encode("utf-8")
        for doc in range(rng.choice([1, 1, 2, 2, 3])):
            target = agreement_size(rng)
            if rng.random() < 0.1:
                files["agreement-%d.txt" % doc] = agreement_text(rng, target, violating_rate).encode("utf-8")
            elif rng.random() < 0.22:
                files["agreement-%d.htm" % doc] = agreement_html(rng, target, "gbk", violating_rate).encode("gbk")
            else:
                files["agreement-%d.html" % doc] = agreement_html(rng, target, "utf-8", violating_rate).encode("utf-8")
        if rng.random() < 0.85:
            files["AndroidManifest.xml"] = android_manifest(rng, package).encode("utf-8")
        if rng.random() < 0.3:
            files["Info.plist"] = info_plist(rng, package).encode("utf-8")
        for name, data in files.items():
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(data)
            total_bytes += len(data)
            total_files += 1
    return total_bytes, total_files


CATEGORIES = ["contacts-collection", "refusal-to-serve", "third-party-collection", "debt-disclosure",
              "liability-waiver", "emergency-contacts"]


def rule_word(rng, chars, length):
    return "".join(rng.choice(chars) for _ in range(length))


def write_rules(count, seed, out):
    """Synthetic rules with realistic random terms: 2- and 3-character words drawn from the
    characters the corpus is written in (so the automaton walks partial matches and some terms
    occur), and a few English words; two groups within 40-60 characters, so they fire rarely,
    as real rules do."""
    rng = random.Random("rules/%d" % seed)
    text = "".join(ENTITIES + SUBJECTS + VERBS + OBJECTS + NOUNS + CONNECT + TAILS + HEADINGS)
    chars = sorted(set(c for c in text if "\u4e00" <= c <= "\u9fff"))
    english = ["share", "upload", "collect", "contacts", "agency", "overdue", "consent", "partner", "waive", "disclose"]
    os.makedirs(out, exist_ok=True)
    for index in range(1, count + 1):
        g1 = sorted({rule_word(rng, chars, rng.choice([2, 3])) for _ in range(rng.randint(3, 6))}) + [rng.choice(english)]
        g2 = sorted({rule_word(rng, chars, 2) for _ in range(rng.randint(2, 4))})
        none = sorted({rule_word(rng, chars, 2) for _ in range(2)})
        yaml = """id: SYNTH-%04d
title: Synthetic benchmark rule %d
category: %s
severity: %s
applies_to: agreement
norms: [PIPL-16]
message: Synthetic rule for the benchmark
remediation: None; this rule exists to measure matching cost.
match:
  all:
    - [%s]
    - [%s]
  near: %d
  none: [%s]
examples:
  violating:
    - "<p>↓%s%s</p>"
  compliant:
    - "<p>本协议自签署之日起生效。</p>"
""" % (index, index, rng.choice(CATEGORIES), rng.choice(["high", "medium", "low"]), ", ".join(g1), ", ".join(g2),
       rng.choice([40, 60]), ", ".join(none), g1[0], g2[0])
        with open(os.path.join(out, "synth-%04d.yaml" % index), "w", encoding="utf-8") as handle:
            handle.write(yaml)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--apps", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out")
    parser.add_argument("--violating-rate", type=float, default=0.003)
    parser.add_argument("--rules-out")
    parser.add_argument("--rule-count", type=int, default=20)
    args = parser.parse_args()
    if args.rules_out:
        write_rules(args.rule_count, args.seed, args.rules_out)
    if args.out:
        total, files = write_corpus(args.apps, args.seed, args.out, args.violating_rate)
        print("%d apps, %d files, %d bytes" % (args.apps, files, total))


if __name__ == "__main__":
    main()
