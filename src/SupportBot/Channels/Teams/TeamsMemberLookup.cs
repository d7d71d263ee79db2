using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework.Connector;
using SupportBot.BotFramework.Schema;
using SupportBot.Customers;

namespace SupportBot.Channels.Teams;

/// Tells agents who a Teams customer is: the member's roster record (name, e-mail, UPN, as botbuilder's
/// TeamsInfo.getMember reads it) is looked up once when the customer first appears, off the turn, and again when a
/// handoff opens and none is stored yet, then kept as the customer's profile (CustomerProfiles). Teams refuses the
/// call in some chats (403 where the bot may not read the roster, 404 for a member gone): each failure is logged and
/// yields no profile, and the turn goes on.
internal sealed partial class TeamsMemberLookup(
    ConnectorClient connector, CustomerProfiles profiles, IOptions<TeamsMembersOptions> options, TimeProvider time, ILogger<TeamsMemberLookup> logger)
    : BackgroundService, ICustomerProfileLookup
{
    // First sightings wait here for the background; a burst beyond it is dropped (the handoff looks again).
    private readonly Channel<(Activity Activity, string CustomerId, TaskCompletionSource Done)> _firstSeen
        = Channel.CreateBounded<(Activity, string, TaskCompletionSource)>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private Task _lastQueued = Task.CompletedTask;

    public void FirstSeen(Activity activity, string customerId)
    {
        if (!Applies(activity, customerId))
        {
            return;
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_firstSeen.Writer.TryWrite((activity, customerId, done)))
        {
            Volatile.Write(ref _lastQueued, done.Task);
        }
    }

    /// Completes once every first sighting queued so far has been looked up (they run in order), for tests.
    public Task IdleAsync() => Volatile.Read(ref _lastQueued);

    public async Task<CustomerProfile?> FindOrLookUpAsync(Activity activity, string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!Applies(activity, customerId))
        {
            return null;
        }
        return await profiles.FindAsync(customerId, cancellationToken) ?? await LookUpAsync(activity, customerId, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (activity, customerId, done) in _firstSeen.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await LookUpAsync(activity, customerId, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store failing, say: the handoff looks again.
                LogLookupFailed(logger, activity.Conversation?.Id, ex.GetType().Name);
            }
            finally
            {
                done.TrySetResult();
            }
        }
    }

    private bool Applies(Activity activity, string customerId)
        => options.Value.Enabled && activity.ChannelId == ChannelIds.Msteams && customerId != CustomerStore.Unknown
           && activity.From?.Id is { Length: > 0 } && activity.ServiceUrl is { Length: > 0 } && activity.Conversation?.Id is { Length: > 0 };

    /// Asks Teams for the member and stores what it says; null (logged) when Teams would not say.
    public async Task<CustomerProfile?> LookUpAsync(Activity activity, string customerId, CancellationToken cancellationToken)
    {
        var conversationId = activity.Conversation!.Id!;
        ChannelAccount? member;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.Timeout);
            member = await connector.GetConversationMemberAsync(activity.ServiceUrl!, conversationId, activity.From!.Id!, timeout.Token);
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogLookupFailed(logger, conversationId, ex is ConnectorException { Status: { } status } ? $"{(int)status} from Teams" : ex is OperationCanceledException ? "timed out" : ex.GetType().Name);
            return null;
        }
        if (member?.Id is not { Length: > 0 })
        {
            LogLookupFailed(logger, conversationId, "no member in the answer");
            return null;
        }
        var profile = new CustomerProfile(
            member.Id, ChannelIds.Msteams, member.AadObjectId ?? activity.From!.AadObjectId, Extra(member, "tenantId") ?? activity.Conversation.TenantId,
            member.Name, Extra(member, "email"), Extra(member, "userPrincipalName"), time.GetUtcNow());
        await profiles.SaveAsync(customerId, profile, cancellationToken);
        LogLookedUp(logger, conversationId, profile.Email is not null, profile.Upn is not null);
        return profile;
    }

    private static string? Extra(ChannelAccount member, string name)
        => member.ExtensionData?.TryGetValue(name, out var value) == true && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    // No names or addresses in the log: the profile is personal data, kept in the store where erasure reaches it.
    [LoggerMessage(Level = LogLevel.Information, Message = "Looked up the Teams member of conversation {ConversationId} (e-mail: {HasEmail}, UPN: {HasUpn})")]
    private static partial void LogLookedUp(ILogger logger, string conversationId, bool hasEmail, bool hasUpn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up the Teams member of conversation {ConversationId}: {Reason}; agents see no Teams profile")]
    private static partial void LogLookupFailed(ILogger logger, string? conversationId, string reason);
}
