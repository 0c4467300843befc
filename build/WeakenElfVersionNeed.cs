using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one GNU symbol-version requirement of an ELF64 little-endian shared library as weak (VER_FLG_WEAK), so the dynamic
/// loader accepts a system library that lacks that version. Used on the build-output copy of libLibTorchSharp.so, which asks
/// for GLIBCXX_3.4.32 for a single symbol nothing relocates against (../shared/reference/environment.md).
/// Does nothing when the system's libstdc++ already provides the version, and is idempotent.
/// Layout from the ELF gABI and the LSB "Symbol Versioning" chapter: section SHT_GNU_verneed (0x6ffffffe) holds Verneed
/// records (vn_cnt at +2, vn_aux at +8, vn_next at +12), each with Vernaux records (vna_flags at +4, vna_name at +8,
/// vna_next at +12); names live in the string table named by the section's sh_link.
/// </summary>
public sealed class WeakenElfVersionNeed : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    private static readonly string[] SystemLibstdcxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
    };

    [Required] public string LibraryPath { get; set; } = "";
    [Required] public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        if (SystemProvides(VersionName))
        {
            Log.LogMessage(MessageImportance.Low, $"System libstdc++ provides {VersionName}; {LibraryPath} left as it is.");
            return true;
        }

        byte[] image = File.ReadAllBytes(LibraryPath);
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F'
            || image[4] != 2 || image[5] != 1)
        {
            Log.LogError($"{LibraryPath} is not an ELF64 little-endian library; cannot apply the {VersionName} compatibility step.");
            return false;
        }

        long sectionHeaderOffset = BitConverter.ToInt64(image, 0x28);
        int sectionHeaderSize = BitConverter.ToUInt16(image, 0x3A);
        int sectionCount = BitConverter.ToUInt16(image, 0x3C);
        for (int s = 0; s < sectionCount; s++)
        {
            long header = sectionHeaderOffset + (long)s * sectionHeaderSize;
            if (BitConverter.ToUInt32(image, (int)header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            long verneedOffset = BitConverter.ToInt64(image, (int)header + 24);
            int stringTableIndex = (int)BitConverter.ToUInt32(image, (int)header + 40);
            int verneedCount = (int)BitConverter.ToUInt32(image, (int)header + 44);
            long stringTableOffset = BitConverter.ToInt64(image, (int)(sectionHeaderOffset + (long)stringTableIndex * sectionHeaderSize) + 24);

            long need = verneedOffset;
            for (int n = 0; n < verneedCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(image, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(image, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    string name = ReadCString(image, stringTableOffset + BitConverter.ToUInt32(image, (int)aux + 8));
                    if (name == VersionName)
                    {
                        ushort flags = BitConverter.ToUInt16(image, (int)aux + 4);
                        if ((flags & VerFlgWeak) != 0)
                        {
                            Log.LogMessage(MessageImportance.Low, $"{VersionName} is already weak in {LibraryPath}.");
                            return true;
                        }

                        using (var stream = new FileStream(LibraryPath, FileMode.Open, FileAccess.Write))
                        {
                            stream.Position = aux + 4;
                            stream.Write(BitConverter.GetBytes((ushort)(flags | VerFlgWeak)), 0, 2);
                        }

                        Log.LogMessage(MessageImportance.High, $"TorchSharp compatibility: marked {VersionName} weak in {LibraryPath}.");
                        return true;
                    }

                    aux += BitConverter.ToUInt32(image, (int)aux + 12);
                }

                need += BitConverter.ToUInt32(image, (int)need + 12);
            }
        }

        Log.LogMessage(MessageImportance.Low, $"{LibraryPath} does not require {VersionName}; nothing to do.");
        return true;
    }

    private static bool SystemProvides(string versionName)
    {
        byte[] needle = Encoding.ASCII.GetBytes(versionName + "\0");
        foreach (string candidate in SystemLibstdcxxCandidates)
        {
            if (File.Exists(candidate))
            {
                return IndexOf(File.ReadAllBytes(candidate), needle) >= 0;
            }
        }

        return false;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return i;
            }
        }

        return -1;
    }

    private static string ReadCString(byte[] image, long offset)
    {
        int end = (int)offset;
        while (image[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(image, (int)offset, end - (int)offset);
    }
}
