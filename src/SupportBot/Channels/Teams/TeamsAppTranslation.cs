using System.ComponentModel.DataAnnotations;

namespace SupportBot.Channels.Teams;

/// How the Teams app presents itself in another language ("TeamsApp:Indonesian"): Teams shows these strings to
/// users whose Teams runs in that language, from the package's language file (id.json).
internal sealed class TeamsAppTranslation
{
    [Required, MaxLength(30)]
    public string ShortName { get; set; } = "SupportBot";

    [MaxLength(100)]
    public string FullName { get; set; } = "Layanan pelanggan SupportBot";

    [Required, MaxLength(80)]
    public string ShortDescription { get; set; } = "Jawaban dari pusat bantuan, dan petugas saat Anda membutuhkannya.";

    [Required, MaxLength(4000)]
    public string FullDescription { get; set; } =
        "Tanyakan kepada SupportBot tentang akun, pesanan, tagihan, dan pemecahan masalah Anda. SupportBot menjawab dari pusat " +
        "bantuan dengan tautan ke artikel yang dipakainya, dan menghadirkan petugas dari tim dukungan kapan pun Anda memintanya " +
        "atau saat ia tidak yakin.";
}
