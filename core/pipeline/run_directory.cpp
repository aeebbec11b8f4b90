#include "pipeline/run_directory.h"

#include "base/error.h"
#include "base/file_io.h"

#include <sstream>

namespace crowdkd::pipeline {

namespace fs = std::filesystem;

RunDirectory::RunDirectory(fs::path dir)
    : m_dir(std::move(dir)) {
    std::error_code ec;
    fs::create_directories(m_dir, ec);
    if (ec || !fs::is_directory(m_dir))
        throw FileError(m_dir, "cannot create the run folder" + (ec ? ": " + ec.message() : ""));
}

void RunDirectory::writeJson(const fs::path& file, const nlohmann::json& json) const {
    writeFileAtomically(file, json.dump(2) + "\n");
}

std::optional<nlohmann::json> RunDirectory::readJson(const fs::path& file) const {
    std::error_code ec;
    if (!fs::exists(file, ec))
        return std::nullopt;
    const auto bytes = readFileBytes(file);
    try {
        return nlohmann::json::parse(bytes.begin(), bytes.end());
    } catch (const nlohmann::json::exception& error) {
        throw FileError(file, std::string("is not valid JSON: ") + error.what());
    }
}

void RunDirectory::appendLog(const nlohmann::json& record) {
    std::lock_guard<std::mutex> lock(m_logMutex);
    if (!m_log.is_open()) {
        m_log.open(logPath(), std::ios::app | std::ios::binary);
        if (!m_log)
            throw FileError(logPath(), "cannot be opened for writing");
    }
    m_log << record.dump() << '\n';
    m_log.flush();
    if (!m_log)
        throw FileError(logPath(), "write failed (disk full?)");
}

void RunDirectory::truncateLogAfter(std::int64_t iteration) {
    std::lock_guard<std::mutex> lock(m_logMutex);
    m_log.close();
    std::error_code ec;
    if (!fs::exists(logPath(), ec))
        return;
    const auto bytes = readFileBytes(logPath());
    std::istringstream in(std::string(bytes.begin(), bytes.end()));
    std::string kept, line;
    while (std::getline(in, line)) {
        if (line.empty())
            continue;
        try {
            const auto record = nlohmann::json::parse(line);
            if (record.value("iteration", std::int64_t{0}) > iteration)
                continue;
        } catch (const nlohmann::json::exception&) {
            continue; // a line cut short by a crash
        }
        kept += line + "\n";
    }
    writeFileAtomically(logPath(), kept);
}

bool RunDirectory::isRunDirectory(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / "config.json", ec);
}

} // namespace crowdkd::pipeline
