using System.ComponentModel.DataAnnotations;

namespace SupportBot.Storage;

internal sealed class StorageOptions
{
    public const string Section = "Storage";

    [Required, RegularExpression("^(sqlite)$", ErrorMessage = "Storage:Provider must be 'sqlite' (PostgreSQL arrives with the scale-out work).")]
    public string Provider { get; set; } = "sqlite";

    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/supportbot.db";
}
