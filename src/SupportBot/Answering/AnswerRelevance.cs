using System.Text.RegularExpressions;

namespace SupportBot.Answering;

/// The relevance guard for extractive answers: a question that asks for one kind of fact (a phone number, a postcode,
/// an address, opening hours) is answered only by a section that holds a fact of that kind. Sharing the question's
/// other words is not enough: a review of a restaurant shares its name with "what is the phone number of ...", and
/// quoting it would answer a question nobody asked.
internal static partial class AnswerRelevance
{
    /// Whether the text (the section the answer would quote) can answer what the question asks for; true when the
    /// question asks for no such fact.
    public static bool Holds(string question, string text)
    {
        var asks = Asks(question).ToList();
        return asks.Count == 0 || asks.Any(ask => ask.IsMatch(text));
    }

    private static IEnumerable<Regex> Asks(string question)
    {
        if (PhoneAsked().IsMatch(question))
        {
            yield return PhoneNumber();
        }
        if (PostcodeAsked().IsMatch(question))
        {
            yield return Postcode();
        }
        if (AddressAsked().IsMatch(question))
        {
            yield return StreetAddress();
            yield return Postcode();
        }
        if (HoursAsked().IsMatch(question))
        {
            yield return TimeOfDay();
        }
    }

    [GeneratedRegex(@"\b(phone|telephone|contact)( number| no\.?| #)?\b|\bnomor (telepon|telpon|hp|wa|whatsapp)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PhoneAsked();

    [GeneratedRegex(@"\b(post ?code|postal code|zip code|kode pos)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PostcodeAsked();

    // Not an e-mail, IP or web address: those are account or technical questions, answered in words.
    [GeneratedRegex(@"(?<!\b(e-?mail|ip|mac|web|wallet|billing|shipping|delivery|return) )\baddress\b|\balamat (toko|kantor|kalian)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AddressAsked();

    [GeneratedRegex(@"\b(opening (hours|times)|business hours|what time (do|does|is|are) .{1,40}\b(open|close)|when (do|does|is|are) .{1,40}\b(open|closed?)\b|jam (buka|operasional))", RegexOptions.IgnoreCase)]
    private static partial Regex HoursAsked();

    [GeneratedRegex(@"(\+|\b)\d[\d ().-]{6,}\d\b")]
    private static partial Regex PhoneNumber();

    // UK, US (ZIP), Indonesian and most European postcodes.
    [GeneratedRegex(@"\b([A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{5}(-\d{4})?|\d{4} ?[A-Z]{2})\b")]
    private static partial Regex Postcode();

    [GeneratedRegex(@"\b\d+[A-Za-z]?,? [\p{L} .'-]{2,40}\b(street|st|road|rd|avenue|ave|lane|ln|way|drive|dr|boulevard|blvd|place|square|court|jalan|jl)\b|\b(jalan|jl\.?) [\p{L}]", RegexOptions.IgnoreCase)]
    private static partial Regex StreetAddress();

    [GeneratedRegex(@"\b\d{1,2}(:\d{2})? ?(am|pm|a\.m\.|p\.m\.)|\b\d{1,2}[:.]\d{2}\b|\b(24 hours|24/7|around the clock)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TimeOfDay();
}
