using System.Security.Cryptography;
using System.Text;
using Nao.Persistence;

namespace Nao.Torch.Tests.Persistence;

public sealed class CheckedFileTests : IDisposable
{
    private static readonly byte[] Payload = [1, 2, 3, 250, 0, 7];

    private readonly TemporaryFolder _folder = new();
    private readonly CheckedFile _format = new("NAOTEST", 3, "test archive");

    public void Dispose() => _folder.Dispose();

    private string PathOf(string name) => Path.Combine(_folder.Path, name);

    private string Saved(string name)
    {
        var path = PathOf(name);
        _format.Write(path, Payload);
        return path;
    }

    [Fact]
    public void The_layout_is_magic_version_length_payload_and_sha256_little_endian()
    {
        // Built by hand, so that a change of the envelope that would orphan saved controllers and supernets fails here.
        byte[] expected =
        [
            .. "NAOTEST\0"u8,
            3, 0, 0, 0,
            (byte)Payload.Length, 0, 0, 0, 0, 0, 0, 0,
            .. Payload,
            .. SHA256.HashData(Payload),
        ];

        Assert.Equal(expected, File.ReadAllBytes(Saved("layout.bin")));
    }

    [Fact]
    public void A_written_payload_reads_back_unchanged()
    {
        var path = Saved("round.bin");

        Assert.Equal(Payload, _format.ReadPayload(path));
        using var stream = _format.OpenPayload(path);
        Assert.False(stream.CanWrite);
        Assert.Equal(Payload, stream.ToArray());
    }

    [Fact]
    public void A_payload_written_through_a_writer_reads_back_through_a_reader()
    {
        var path = PathOf(Path.Combine("made", "by", "writer.bin"));

        _format.Write(path, writer =>
        {
            writer.Write("Zürich ∑");
            writer.Write(42);
            writer.Write(-1.5);
        });

        using var reader = new BinaryReader(_format.OpenPayload(path), Encoding.UTF8);
        Assert.Equal("Zürich ∑", reader.ReadString());
        Assert.Equal(42, reader.ReadInt32());
        Assert.Equal(-1.5, reader.ReadDouble());
        Assert.Equal(reader.BaseStream.Length, reader.BaseStream.Position);
    }

    [Fact]
    public void A_truncated_file_says_how_many_bytes_were_promised_and_found()
    {
        var path = Saved("truncated.bin");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);

        var error = Assert.Throws<InvalidDataException>(() => _format.ReadPayload(path));

        Assert.Contains($"'{path}' is truncated or damaged: its header promises {bytes.Length} bytes, the file has {bytes.Length - 5}", error.Message);
        Assert.Contains("Save the test archive again", error.Message);
    }

    [Fact]
    public void A_file_with_bytes_appended_is_refused_too()
    {
        var path = Saved("extended.bin");
        File.AppendAllText(path, "x");

        var error = Assert.Throws<InvalidDataException>(() => _format.ReadPayload(path));

        Assert.Contains("is truncated or damaged", error.Message);
    }

    [Fact]
    public void A_file_of_another_format_or_too_short_for_a_header_is_not_one_of_ours()
    {
        var other = PathOf("other.bin");
        new CheckedFile("NAOELSE", 3, "other thing").Write(other, Payload);
        var tiny = _folder.Write("tiny.bin", "NAOTEST\0"u8.ToArray());

        var wrongMagic = Assert.Throws<InvalidDataException>(() => _format.ReadPayload(other));
        var tooShort = Assert.Throws<InvalidDataException>(() => _format.ReadPayload(tiny));

        Assert.Equal($"'{other}' is not a Nao test archive file: it does not start with the NAOTEST header.", wrongMagic.Message);
        Assert.Contains($"'{tiny}' is not a Nao test archive file", tooShort.Message);
    }

    [Fact]
    public void A_file_of_another_format_version_names_both_versions_and_the_fix()
    {
        var path = PathOf("v2.bin");
        new CheckedFile("NAOTEST", 2, "test archive").Write(path, Payload);

        var error = Assert.Throws<InvalidDataException>(() => _format.ReadPayload(path));

        Assert.Contains($"'{path}' is a test archive file of format version 2; this Nao reads version 3.", error.Message);
        Assert.Contains("again with this version", error.Message);
    }

    [Theory]
    [InlineData(CheckedFile.HeaderSize)] // the first payload byte
    [InlineData(CheckedFile.HeaderSize + 5)] // the last payload byte
    [InlineData(-1)] // the last checksum byte
    public void A_flipped_byte_in_the_payload_or_the_checksum_is_caught(int offset)
    {
        var path = Saved("flipped.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[offset < 0 ? bytes.Length + offset : offset] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => _format.ReadPayload(path));

        Assert.Equal($"'{path}' is corrupt: its checksum does not match its contents. Save the test archive again.", error.Message);
    }

    [Fact]
    public void A_missing_file_names_the_path_and_what_to_pass()
    {
        var path = PathOf("absent.bin");

        var error = Assert.Throws<FileNotFoundException>(() => _format.ReadPayload(path));

        Assert.Equal(path, error.FileName);
        Assert.Equal($"Test archive file '{path}' does not exist. Pass the path of a file written by saving a test archive.", error.Message);
    }

    [Fact]
    public void Writing_over_a_file_replaces_it_and_leaves_no_temporary_file()
    {
        var path = Saved("replaced.bin");
        byte[] second = [9, 8, 7, 6, 5, 4, 3, 2, 1];

        _format.Write(path, second);

        Assert.Equal(second, _format.ReadPayload(path));
        Assert.Equal([path], Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void A_failed_write_leaves_the_old_file_and_no_temporary_file()
    {
        var path = Saved("kept.bin");

        Assert.Throws<InvalidOperationException>(() => _format.Write(path, _ => throw new InvalidOperationException("payload failed")));

        Assert.Equal(Payload, _format.ReadPayload(path));
        Assert.Equal([path], Directory.GetFiles(_folder.Path));
    }

    [Theory]
    [InlineData("NAOCTR")]
    [InlineData("NAOCTRL\0")]
    [InlineData("NAO CTR")]
    public void A_header_that_is_not_seven_ascii_letters_is_refused(string header)
    {
        var error = Assert.Throws<ArgumentException>(() => new CheckedFile(header, 1, "test archive"));

        Assert.Contains("7 ASCII letters or digits", error.Message);
    }
}
