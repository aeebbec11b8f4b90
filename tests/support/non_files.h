#pragma once

#ifndef _WIN32

#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <vector>

// Things that are not regular files, standing where a program writes or reads (issue #14:
// `--out /dev/null` as root replaced the device node with a regular file). POSIX only.
namespace crowdkd::test {

/// The type bits (S_IFREG, S_IFIFO, S_IFLNK, …) of `path` itself (a link is not followed); 0 when
/// it does not exist.
inline mode_t fileTypeOf(const std::filesystem::path& path) {
    struct stat status {};
    return ::lstat(path.c_str(), &status) == 0 ? status.st_mode & S_IFMT : mode_t{0};
}

/// One thing that is not a regular file: its path, the words of a refusal for it ("a FIFO (named
/// pipe)") and its own file type (S_IFLNK for a link).
struct NonFile {
    std::filesystem::path path;
    std::string kind;
    mode_t type;
};

/// Makes in `folder`: a FIFO `pipe<extension>`, a folder `maps<extension>` with a child folder, a
/// link `to-pipe<extension>` to the FIFO and, where mknod is permitted (root), a character device
/// `null<extension>` like /dev/null (the real one is never touched). Empty when one could not be
/// made.
inline std::vector<NonFile> makeNonFiles(const std::filesystem::path& folder,
                                         const std::string& extension) {
    namespace fs = std::filesystem;
    const fs::path fifo = folder / ("pipe" + extension);
    const fs::path maps = folder / ("maps" + extension);
    const fs::path link = folder / ("to-pipe" + extension);
    std::error_code error;
    fs::create_directories(maps / "child", error);
    if (::mkfifo(fifo.c_str(), 0644) != 0 || error)
        return {};
    fs::create_symlink(fifo.filename(), link, error);
    if (error)
        return {};
    std::vector<NonFile> made = {{fifo, "a FIFO (named pipe)", S_IFIFO},
                                 {maps, "a folder", S_IFDIR},
                                 {link, "a FIFO (named pipe)", S_IFLNK}};
    const fs::path device = folder / ("null" + extension);
    if (::mknod(device.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0)
        made.push_back({device, "a character device", S_IFCHR});
    return made;
}

/// Whether each of `made` is still what makeNonFiles made (the link still leads to the FIFO).
inline bool nonFilesUntouched(const std::vector<NonFile>& made) {
    for (const NonFile& file : made) {
        if (fileTypeOf(file.path) != file.type)
            return false;
        if (file.type == S_IFDIR && !std::filesystem::is_directory(file.path / "child"))
            return false;
        if (file.type == S_IFLNK &&
            std::filesystem::read_symlink(file.path) != made.front().path.filename())
            return false;
    }
    return true;
}

} // namespace crowdkd::test

#endif // _WIN32
