using System.Text.RegularExpressions;

namespace SupportBot.Answering;

/// A report of something that went wrong with the customer's own money, order or card ("I was charged twice for
/// order A-1001", "my transfer hasn't arrived", "pembayaran saya gagal"): only someone who can see that record can
/// help, however closely a help article matches the words. Read from the message's structure, so it carries to a
/// domain with no handoff topics: the customer speaks of their own case (first person), of a transaction or a
/// delivery, and of an outcome that went wrong. A question about what happens in general ("what if a payment is
/// declined?") is answerable and does not count.
internal static partial class CustomerCase
{
    /// Names one of the customer's records (an order, invoice or transaction number): nothing but that record can
    /// answer it.
    public static bool NamesRecord(string message) => RecordIdentifier().IsMatch(message);

    /// Reports, in the first person, a payment, transfer, card or delivery that went wrong.
    public static bool IsReported(string message)
    {
        var text = message.Trim();
        return FirstPerson().IsMatch(text)
               && Transaction().IsMatch(text)
               && WentWrong().IsMatch(text)
               && !Hypothetical().IsMatch(text);
    }

    // An order, invoice or transaction number names one record: "A-1001", "#48213", "order 55102".
    [GeneratedRegex(@"\b[A-Z]{1,4}-\d{3,}\b|#\d{3,}\b|\b(order|invoice|transaction|ticket|case|pesanan|tagihan|transaksi)\s*(no\.?|number|nomor|#)?\s*:?\s*\d{3,}\b", RegexOptions.IgnoreCase)]
    private static partial Regex RecordIdentifier();

    [GeneratedRegex(@"\b(i|i'm|i've|i'd|me|my|mine|we|our|us|saya|aku|kami|gue|gw)\b|\w+ku\b", RegexOptions.IgnoreCase)]
    private static partial Regex FirstPerson();

    // Money moving or goods travelling: what a help article can describe but only the account shows.
    [GeneratedRegex(@"\b(charg(e|ed|es|ing)|bill(ed|ing)?|debit(ed)?|paid|payments?|transfer(s|red)?|refund(s|ed)?|deposit(s|ed)?|withdr[ae]w(al|als|n)?|cash|transactions?|top[- ]?ups?|topped up|fees?|statement|balance|funds|money|card|cheque|check|orders?|ordered|package|parcel|deliver(y|ed)|shipment|shipped|kartu|pembayaran|bayar|dibayar|tagihan|ditagih|dipotong|dana|uang|saldo|biaya|pesanan|paket|pengiriman|isi ulang)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Transaction();

    // An outcome that went wrong: negated arrival or success, a refusal, a double or unknown charge, still waiting.
    [GeneratedRegex(@"(n't|\bnot\b|\bnever\b|\bno longer\b|\bstill\b|\btwice\b|\btwo times\b|\bdouble\b|\bwrong\b|\bincorrect\b|\bmissing\b|\blost\b|\bstolen\b|\bstuck\b|\bpending\b|\bdeclin\w*|\breject\w*|\bfail\w*|\brevert\w*|\brevers\w*|\bblock\w*|\bfrozen\b|\bextra\b|\bunrecogni[sz]\w*|\brecogni[sz]e\b|\bwhere('s| is| are) my\b|\btidak\b|\btak\b|\bbelum\b|\bgagal\b|\bditolak\b|\bdua kali\b|\bsalah\b|\bhilang\b|\bdicuri\b|\btertahan\b|\btertunda\b|\bmasih\b|\bdiblokir\b)", RegexOptions.IgnoreCase)]
    private static partial Regex WentWrong();

    [GeneratedRegex(@"\b(if|in case|what happens|suppose|jika|kalau|apabila|bagaimana jika)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Hypothetical();
}
