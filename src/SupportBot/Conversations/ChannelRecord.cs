using SupportBot.Storage;

namespace SupportBot.Conversations;

/// A channel's own durable record of an arriving activity (Direct Line's transcript), written in the inbox claim's
/// round trip instead of one of its own. Sql is one INSERT ... ON CONFLICT DO NOTHING RETURNING: the claim goes in
/// only if the record's row did, in the same transaction, so the channel and the inbox never disagree about the
/// activity (the inbox keeps the id the record gave it). PostgreSQL only: SQLite cannot write from a WITH clause, and
/// its writer groups the two writes into one commit anyway.
internal sealed record ChannelRecord(string Sql, Action<PrefixedParameters> AddParameters);
