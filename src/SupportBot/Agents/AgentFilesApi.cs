using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupportBot.Channels.DirectLine;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// An agent's file for the customer: stored as Direct Line uploads are (DirectLineAttachments, served at an
/// unguessable URL only the conversation's messages carry, and erased with the customer), then delivered through
/// the conversation's channel (AgentFileDeliveries).
internal static partial class AgentFilesApi
{
    private const string FilePart = "file";

    public static RouteGroupBuilder MapAgentFilesApi(this RouteGroupBuilder api)
    {
        // The body is read by hand, not declared with Accepts: a declared content type makes routing answer any
        // other with a bare 415, where this says what to send.
        api.MapPost("/conversations/{id}/attachments", SendAsync)
            .WithSummary("Send the customer a file (multipart/form-data, one 'file' part): size and type limited by Agents:Files, sent through the conversation's channel.");
        return api;
    }

    private static async Task<Results<Ok<AgentFileSent>, ProblemHttpResult>> SendAsync(
        string id, HttpContext context, ClaimsPrincipal user, HandoffService handoffs, DirectLineAttachments attachments, AgentFileDeliveries deliveries,
        PublicAddress address, IOptions<AgentFileOptions> options, TimeProvider time, ILogger<AgentFileDeliveries> logger)
    {
        var limits = options.Value;
        if (!context.Request.HasFormContentType)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not a file upload", "Send multipart/form-data with one 'file' part.");
        }
        if (context.Request.ContentLength > limits.MaxBytes + (64 * 1024))
        {
            return TooBig(limits);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limits.MaxBytes + (64 * 1024);
        }
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooBig(limits);
        }
        catch (InvalidDataException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Unreadable upload", $"The multipart body could not be read: {ex.Message}");
        }
        if (form.Files.Count != 1 || form.Files.GetFile(FilePart) is not { } file)
        {
            return Problem(StatusCodes.Status400BadRequest, "One file", "Send exactly one 'file' part.");
        }
        if (file.Length == 0 || file.Length > limits.MaxBytes)
        {
            return file.Length == 0 ? Problem(StatusCodes.Status400BadRequest, "Empty file", "The file has no content.") : TooBig(limits);
        }
        var contentType = file.ContentType?.Split(';')[0].Trim().ToLowerInvariant() ?? string.Empty;
        if (!limits.AllowedTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "File type not allowed", $"Agents may send {string.Join(", ", limits.AllowedTypes)}.");
        }
        var agent = AgentApi.Agent(user);
        // Refused before anything is stored: a file for a conversation the agent does not hold is never kept.
        var handoff = await handoffs.FindLatestAsync(id, context.RequestAborted);
        if (handoff is not { State: HandoffStates.WithAgent } || (!string.Equals(handoff.AgentId, agent.Id, StringComparison.Ordinal) && !agent.IsSupervisor))
        {
            return handoff is null || !handoff.IsOpen
                ? Problem(StatusCodes.Status404NotFound, "No open handoff", $"Conversation '{id}' has no open handoff.")
                : handoff.State != HandoffStates.WithAgent
                    ? Problem(StatusCodes.Status409Conflict, "Conflict", "The conversation is waiting in the queue: claim it first.")
                    : Problem(StatusCodes.Status403Forbidden, "Not your conversation", $"Agent '{handoff.AgentId}' has this conversation.");
        }
        var name = Path.GetFileName(file.FileName is { Length: > 0 } fileName ? fileName : "file");
        using var content = new MemoryStream();
        await file.CopyToAsync(content, context.RequestAborted);
        var stored = await attachments.SaveAsync(handoff.Channel, id, null, name, contentType, content.ToArray(), context.RequestAborted);
        var sent = new AgentFile(name, contentType, file.Length, DirectLineAttachments.Url(address.BaseUrl(context.Request), stored, name)) { Content = content.ToArray() };
        var result = await handoffs.SendFileAsync(id, agent, sent, deliveries.For(handoff.Channel), context.RequestAborted);
        if (result.Status != HandoffStatus.Done)
        {
            return AgentApi.Refused(result);
        }
        LogFileSent(logger, id, agent.Id, contentType, file.Length);
        return TypedResults.Ok(new AgentFileSent(id, name, contentType, file.Length, sent.ContentUrl, HandoffService.FileLine(sent), time.GetUtcNow()));
    }

    private static ProblemHttpResult TooBig(AgentFileOptions limits)
        => Problem(StatusCodes.Status413PayloadTooLarge, "File too large", $"A file is at most {limits.MaxBytes} bytes.");

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} sent a file ({ContentType}, {Bytes} bytes) into conversation {ConversationId}")]
    private static partial void LogFileSent(ILogger logger, string conversationId, string agentId, string contentType, long bytes);
}

internal sealed record AgentFileSent(string ConversationId, string Name, string ContentType, long Bytes, string ContentUrl, string TranscriptText, DateTimeOffset SentAt);
