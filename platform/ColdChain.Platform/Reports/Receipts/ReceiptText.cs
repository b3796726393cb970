namespace ColdChain.Platform.Reports.Receipts;

/// <summary>The words of a handover receipt in English or Simplified Chinese; numbers, times and ids stay culture-independent.</summary>
public sealed record ReceiptText
{
    public static readonly ReceiptText English = new()
    {
        Title = "Handover receipt",
        Order = "Order",
        Product = "Product",
        Lots = "Lots",
        Handover = "Handover",
        Type = "Type",
        Asset = "Leg",
        NextAsset = "into",
        CheckedBy = "Checked by",
        Verdict = "Verdict",
        Verdicts = new Dictionary<string, string>(StringComparer.Ordinal) { ["intact"] = "INTACT", ["breached"] = "BREACHED", ["indeterminate"] = "INDETERMINATE" },
        Reasons = "Reasons",
        NoReasons = "No reason against the cold chain: every reading was in range, with full coverage and valid calibration.",
        MoreReasons = "… and {0} more reason(s) in the check document.",
        Evidence = "Evidence of this leg",
        Excursions = "Excursions",
        Gaps = "Gaps",
        Faults = "Faults",
        Budget = "Time out of range since origin: {0} · budget remaining: {1}",
        Probe = "Product probe {0}: {1} °C at {2} (compartment {3} °C) · within acceptance: {4} · within allowed difference: {5}",
        Yes = "yes",
        No = "no",
        Signatures = "Signatures",
        Meaning = "Meaning",
        SignedAt = "Signed at",
        Party = "Party",
        Name = "Printed name",
        Comment = "Comment",
        Meanings = new Dictionary<string, string>(StringComparer.Ordinal) { ["handed-over"] = "handed over", ["received"] = "received", ["received-with-reservation"] = "received with reservation" },
        CheckDocument = "SHA-256 of the check document (the bytes both signatures are bound to)",
        DocumentIntact = "The stored check document still matches this hash.",
        DocumentChanged = "WARNING: the stored check document no longer matches this hash.",
        VerifyHow = "Upload this file to POST /api/reports/verify: the platform answers whether it issued it unchanged, and who generated it when.",
    };

    public static readonly ReceiptText SimplifiedChinese = English with
    {
        Title = "交接回执",
        Order = "订单",
        Product = "货品",
        Lots = "批号",
        Handover = "交接",
        Type = "类型",
        Asset = "运段",
        NextAsset = "转入",
        CheckedBy = "检查人",
        Verdict = "结论",
        Verdicts = new Dictionary<string, string>(StringComparer.Ordinal) { ["intact"] = "冷链完好", ["breached"] = "冷链中断", ["indeterminate"] = "无法判定" },
        Reasons = "理由",
        NoReasons = "无不利于冷链的理由：全部读数在限值内，数据完整，校准有效。",
        MoreReasons = "……另有 {0} 条理由，见检查文件。",
        Evidence = "本运段证据",
        Excursions = "偏离",
        Gaps = "中断",
        Faults = "故障",
        Budget = "自起运以来超限时间：{0} · 剩余允许时间：{1}",
        Probe = "产品探针 {0}：{1} °C，时间 {2}（厢体 {3} °C）· 在验收范围内：{4} · 温差在允许范围内：{5}",
        Yes = "是",
        No = "否",
        Signatures = "签名",
        Meaning = "含义",
        SignedAt = "签名时间",
        Party = "单位",
        Name = "签名人",
        Comment = "备注",
        Meanings = new Dictionary<string, string>(StringComparer.Ordinal) { ["handed-over"] = "已交出", ["received"] = "已接收", ["received-with-reservation"] = "有保留接收" },
        CheckDocument = "检查文件的 SHA-256（两个签名所绑定的内容）",
        DocumentIntact = "存储的检查文件仍与此哈希一致。",
        DocumentChanged = "警告：存储的检查文件已与此哈希不一致。",
        VerifyHow = "将本文件上传至 POST /api/reports/verify，平台会答复它是否为平台签发且未被修改的文件，以及生成人和生成时间。",
    };

    public static ReceiptText For(string language) => language == Text.ReportText.SimplifiedChinese.Language ? SimplifiedChinese : English;

    public required string Title { get; init; }
    public required string Order { get; init; }
    public required string Product { get; init; }
    public required string Lots { get; init; }
    public required string Handover { get; init; }
    public required string Type { get; init; }
    public required string Asset { get; init; }
    public required string NextAsset { get; init; }
    public required string CheckedBy { get; init; }
    public required string Verdict { get; init; }
    public required IReadOnlyDictionary<string, string> Verdicts { get; init; }
    public required string Reasons { get; init; }
    public required string NoReasons { get; init; }
    public required string MoreReasons { get; init; }
    public required string Evidence { get; init; }
    public required string Excursions { get; init; }
    public required string Gaps { get; init; }
    public required string Faults { get; init; }
    public required string Budget { get; init; }
    public required string Probe { get; init; }
    public required string Yes { get; init; }
    public required string No { get; init; }
    public required string Signatures { get; init; }
    public required string Meaning { get; init; }
    public required string SignedAt { get; init; }
    public required string Party { get; init; }
    public required string Name { get; init; }
    public required string Comment { get; init; }
    public required IReadOnlyDictionary<string, string> Meanings { get; init; }
    public required string CheckDocument { get; init; }
    public required string DocumentIntact { get; init; }
    public required string DocumentChanged { get; init; }
    public required string VerifyHow { get; init; }
}
