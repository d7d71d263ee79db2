namespace SupportBot.Knowledge;

internal sealed record IngestionReport(int Added, int Updated, int Unchanged, int Removed, int Failed, int Sections)
{
    public override string ToString()
        => $"{Added} added, {Updated} updated, {Unchanged} unchanged, {Removed} removed, {Failed} failed; {Sections} sections indexed";
}

internal sealed record IngestionProgress(int Done, int Total, string CurrentFile, IngestionStage Stage = IngestionStage.Reading);

internal enum IngestionStage
{
    /// Files read and parsed; Done and Total count files.
    Reading,

    /// Sections embedded for hybrid retrieval; Done and Total count the sections that had no cached vector.
    Embedding,
}
