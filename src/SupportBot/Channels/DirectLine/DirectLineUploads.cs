using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Channels.DirectLine;

/// POST /conversations/{id}/upload: a message with files, as DirectLineJS sends one. The multipart body has an
/// optional "activity" part (the message, its attachments without contentUrl) and one "file" part per file; the
/// files are stored and the message goes to the bot with each attachment's contentUrl pointing at its copy.
internal sealed partial class DirectLineUploads(
    DirectLineChannel conversations,
    DirectLineAttachments attachments,
    UploadQuotas quotas,
    IOptions<DirectLineOptions> options,
    ILogger<DirectLineUploads> logger)
{
    private DirectLineOptions Settings => options.Value;

    private const string ActivityPart = "activity";

    // The caller admitted to the conversation, and the conversation's allowance, come from the filters
    // (DirectLineFilters). The body's limit stays here: it is the upload's own (DirectLine:MaxUploadBytes), and a
    // body that is no form is refused as such, whatever its size.
    public async Task<Results<JsonHttpResult<ResourceResponse>, JsonHttpResult<ErrorResponse>, ProblemHttpResult>> UploadAsync(HttpContext context)
    {
        var (caller, state) = (DirectLineFilters.Caller(context), DirectLineFilters.Conversation(context));
        var conversationId = state.Id;
        if (!context.Request.HasFormContentType)
        {
            return DirectLineErrors.BadArgument("An upload is a multipart/form-data body of 'file' parts and an optional 'activity' part.");
        }
        if (context.Request.ContentLength > Settings.MaxUploadBytes)
        {
            return UploadTooBig(context);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = Settings.MaxUploadBytes;
        }
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return UploadTooBig(context);
        }
        catch (InvalidDataException ex)
        {
            LogRejected(logger, context.Request.Path, ex.Message);
            return DirectLineErrors.BadArgument($"The multipart body could not be read: {ex.Message}");
        }

        var files = form.Files.Where(f => f.Name != ActivityPart).ToList();
        if (files.Count == 0 || files.Count > Settings.MaxUploadFiles)
        {
            return DirectLineErrors.BadArgument($"An upload carries 1 to {Settings.MaxUploadFiles} files.");
        }
        var (template, error) = await ReadTemplateAsync(form);
        if (error is not null)
        {
            LogRejected(logger, context.Request.Path, "malformed activity part");
            return error;
        }
        if (template?.Text is { } text && text.Length > Settings.MaxTextLength)
        {
            return DirectLineErrors.TooBig($"Message text is limited to {Settings.MaxTextLength} characters.");
        }
        // The customer is the one the token speaks for; the secret's holder posts for the conversation's user.
        var customerId = caller.Claims?.UserId ?? state.UserId;
        if (await quotas.CheckAsync(context, conversationId, customerId, files.Count, files.Sum(f => f.Length)) is { } overQuota)
        {
            return overQuota;
        }

        var uploaded = new List<Attachment>(files.Count);
        foreach (var file in files)
        {
            using var content = new MemoryStream();
            await file.CopyToAsync(content, context.RequestAborted);
            var name = Path.GetFileName(file.FileName is { Length: > 0 } fileName ? fileName : "file");
            var contentType = string.IsNullOrWhiteSpace(file.ContentType) ? "application/octet-stream" : file.ContentType;
            var id = await attachments.SaveAsync(conversationId, name, contentType, content.ToArray(), context.RequestAborted);
            uploaded.Add(new Attachment { ContentType = contentType, Name = name, ContentUrl = DirectLineAttachments.Url(conversations.ServiceUrl(context.Request), id, name) });
        }
        var message = (template ?? new Activity { Type = ActivityTypes.Message }) with
        {
            Type = ActivityTypes.Message,
            From = template?.From ?? (context.Request.Query["userId"] is { Count: > 0 } user ? new ChannelAccount { Id = user.ToString() } : null),
            Attachments = uploaded,
        };
        return await conversations.AcceptAsync(context, caller, state, message);
    }

    // The "activity" part arrives as a file part (DirectLineJS appends it as a Blob) or as a plain form field.
    private static async Task<(Activity? Template, JsonHttpResult<ErrorResponse>? Error)> ReadTemplateAsync(IFormCollection form)
    {
        string? json = null;
        if (form.Files.GetFile(ActivityPart) is { } part)
        {
            using var reader = new StreamReader(part.OpenReadStream());
            json = await reader.ReadToEndAsync();
        }
        else if (form.TryGetValue(ActivityPart, out var field))
        {
            json = field.ToString();
        }
        if (string.IsNullOrWhiteSpace(json))
        {
            return (null, null);
        }
        try
        {
            return (BotJson.Deserialize<Activity>(json), null);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return (null, DirectLineErrors.BadArgument($"The activity part is not a valid Activity: {ex.Message}"));
        }
    }

    private JsonHttpResult<ErrorResponse> UploadTooBig(HttpContext context)
    {
        LogRejected(logger, context.Request.Path, "upload too large");
        return DirectLineErrors.TooBig($"Uploads are limited to {Settings.MaxUploadBytes} bytes.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected Direct Line request {Path}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string path, string reason);
}
