using System.ComponentModel.DataAnnotations;

namespace SupportBot.Agents;

/// Files agents send to customers (POST /api/agent/conversations/{id}/attachments).
internal sealed class AgentFileOptions
{
    public const string Section = "Agents:Files";

    /// Largest file an agent may send, in bytes.
    [Range(1, 50 * 1024 * 1024)]
    public int MaxBytes { get; set; } = 4 * 1024 * 1024;

    /// The content types an agent may send: images, PDF and plain documents a customer can open safely. The
    /// server serves anything but inert images as a download either way (DirectLineAttachments).
    public List<string> AllowedTypes { get; set; } =
    [
        "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ];
}
