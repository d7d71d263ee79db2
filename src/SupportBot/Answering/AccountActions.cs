using System.Text.RegularExpressions;

namespace SupportBot.Answering;

/// Requests that need someone to act on the customer's own account or booking, not information from the help
/// center: "cancel my order LM-4821937", "book a table for two", "batalkan pesanan saya". A question about how to
/// do it is answerable.
internal static partial class AccountActions
{
    /// Whether the message opens as a question about how or what ("how do I", "what is", "can I"), in English or
    /// Indonesian: asking about something rather than asking for it to be done.
    public static bool AsksHowOrWhat(string message) => HowToPattern().IsMatch(message);

    public static bool IsRequested(string message)
    {
        var text = message.Trim();
        if (ReferencePattern().IsMatch(text) || IdentifierPattern().IsMatch(text))
        {
            return true;
        }
        if (AsksHowOrWhat(text))
        {
            return false;
        }
        return ActionPattern().IsMatch(text) || BookingPattern().IsMatch(text);
    }

    // A booking asked for outright ("please book it", "I'd like a reservation") or given its particulars (how many
    // people, how many nights from when): only someone with the booking system can make it. "Can I book a room with
    // a view?" names none and stays a question about the place.
    [GeneratedRegex(@"\b(please|go ahead and) (book|reserve)\b|\b(i|we) (would like|'d like|need|want) (a|to make a) (reservation|booking)\b|\bfor (\d+|one|two|three|four|five|six|seven|eight|nine|ten) (people|persons|guests|adults|nights)\b|\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten) nights? (starting|from|beginning)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BookingPattern();

    [GeneratedRegex(@"^\s*(how|what|why|when|where|which|is|are|does|do|can i|could i|should i|bagaimana|gimana|cara|apa|apakah|kenapa|mengapa|kapan|berapa|bisakah|dapatkah)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HowToPattern();

    [GeneratedRegex(@"\b(book(ing)? (it|a|one|me|us|that|this|for)|reserve (it|a|one|me|us|that|this|for)|make (a|the|me a) (reservation|booking)|(cancel|refund|change|update|modify|close|delete) (my|our) (order|booking|reservation|account|subscription|payment|address)|(issue|give|send) me a refund|where('s| is) my (order|package|parcel|refund)|(batalkan|batalin|ubah|ganti|tutup|hapus)( \p{L}+){0,2} (pesanan|akun|langganan|alamat|pembayaran|reservasi|pemesanan)( \p{L}+){0,2} (saya|kami)|(minta|tolong|kembalikan) (refund|pengembalian dana|uang saya))\b", RegexOptions.IgnoreCase)]
    private static partial Regex ActionPattern();

    [GeneratedRegex(@"\b(reference|confirmation|booking) (number|code)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReferencePattern();

    // An order number or similar account identifier means the question is about that one record.
    [GeneratedRegex(@"\b[A-Z]{2,4}-\d{5,}\b")]
    private static partial Regex IdentifierPattern();
}
