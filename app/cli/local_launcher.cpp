#include "local_launcher.h"

#include "base/error.h"
#include "base/text.h"
#include "pipeline/distributed_settings.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cwchar>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>

#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
// After windows.h, which it needs.
#include <shellapi.h>
#else
#include <csignal>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;
#endif

namespace crowdkd::cli {

namespace {

std::vector<std::string> g_commandLine;

/// How long the other ranks get to stop on their own once one has failed: they notice a dead
/// peer at their next collective and take a roll call of up to ten seconds to name it.
constexpr auto kStopGrace = std::chrono::seconds(30);
/// Between SIGTERM and SIGKILL for ranks that still do not stop.
constexpr auto kKillGrace = std::chrono::seconds(5);

#ifndef _WIN32
/// The command line without `--nproc N` (or `--nproc=N`).
std::vector<std::string> rankCommandLine() {
    std::vector<std::string> args;
    for (std::size_t i = 0; i < g_commandLine.size(); ++i) {
        const std::string& arg = g_commandLine[i];
        if (arg == "--nproc") {
            ++i;
            continue;
        }
        if (arg.rfind("--nproc=", 0) == 0)
            continue;
        args.push_back(arg);
    }
    return args;
}
#endif

} // namespace

void rememberCommandLine(int argc, char** argv) {
    g_commandLine.assign(argv, argv + argc);
}

#ifdef _WIN32

namespace {

/// This process's own arguments minus `--nproc N`, as Windows gave them (wide: paths in any
/// language survive), quoted into one command line.
std::wstring rankCommandLineW() {
    int count = 0;
    LPWSTR* argv = CommandLineToArgvW(GetCommandLineW(), &count);
    if (!argv)
        throw std::runtime_error("cannot read this program's command line");
    std::wstring line;
    for (int i = 0; i < count; ++i) {
        const std::wstring arg = argv[i];
        if (arg == L"--nproc") {
            ++i;
            continue;
        }
        if (arg.rfind(L"--nproc=", 0) == 0)
            continue;
        line += (line.empty() ? L"" : L" ") + quoteWindowsArgument(arg);
    }
    LocalFree(argv);
    return line;
}

/// The launcher ignores Ctrl-C and Ctrl-Break: the ranks share its console and receive them
/// themselves, once each, and stop with a resumable checkpoint as they would alone.
BOOL WINAPI ignoreConsoleEvent(DWORD event) {
    return event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT ? TRUE : FALSE;
}

std::string windowsError(DWORD code) {
    LPSTR text = nullptr;
    FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                       FORMAT_MESSAGE_IGNORE_INSERTS,
                   nullptr, code, 0, reinterpret_cast<LPSTR>(&text), 0, nullptr);
    std::string message = text ? text : "error " + std::to_string(code);
    if (text)
        LocalFree(text);
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r'))
        message.pop_back();
    return message;
}

} // namespace

int launchLocalRanks(int processes) {
    const pipeline::Rendezvous rendezvous;
    const std::wstring commandLine = rankCommandLineW();
    wchar_t executable[32768];
    const DWORD length = GetModuleFileNameW(nullptr, executable, 32768);
    if (length == 0 || length >= 32768)
        throw std::runtime_error("cannot find this program's own file: " +
                                 windowsError(GetLastError()));

    std::vector<std::wstring> shared;
    if (LPWCH block = GetEnvironmentStringsW()) {
        for (LPWCH variable = block; *variable; variable += std::wcslen(variable) + 1) {
            const std::wstring text = variable;
            const std::wstring name = text.substr(0, text.find(L'=', 1));
            // Ours replace whatever an outer launcher left.
            if (name != L"RANK" && name != L"LOCAL_RANK" && name != L"WORLD_SIZE" &&
                name != L"LOCAL_WORLD_SIZE" && name != L"MASTER_ADDR" && name != L"MASTER_PORT" &&
                name != L"TORCHELASTIC_USE_AGENT_STORE")
                shared.push_back(text);
        }
        FreeEnvironmentStringsW(block);
    }
    for (const auto& [name, value] : rendezvous.environment(processes))
        shared.push_back(pathFromUtf8(name + "=" + value).wstring()); // UTF-8 to wide

    // The ranks die with the launcher, however it ends.
    HANDLE job = CreateJobObjectW(nullptr, nullptr);
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    if (job)
        SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits);
    SetConsoleCtrlHandler(ignoreConsoleEvent, TRUE);

    std::vector<HANDLE> handles;
    const auto cleanUp = [&] {
        for (HANDLE handle : handles)
            CloseHandle(handle);
        if (job)
            CloseHandle(job);
        SetConsoleCtrlHandler(ignoreConsoleEvent, FALSE);
    };
    for (int rank = 0; rank < processes; ++rank) {
        std::vector<std::wstring> environment = shared;
        environment.push_back(L"RANK=" + std::to_wstring(rank));
        environment.push_back(L"LOCAL_RANK=" + std::to_wstring(rank));
        std::wstring block;
        for (const std::wstring& variable : environment)
            block += variable + L'\0';
        block += L'\0';
        std::wstring line = commandLine; // CreateProcessW may write into it
        STARTUPINFOW startup{};
        startup.cb = sizeof startup;
        PROCESS_INFORMATION process{};
        if (!CreateProcessW(executable, line.data(), nullptr, nullptr, FALSE,
                            CREATE_UNICODE_ENVIRONMENT, block.data(), nullptr, &startup,
                            &process)) {
            const std::string reason = windowsError(GetLastError());
            for (HANDLE handle : handles)
                TerminateProcess(handle, 1);
            cleanUp();
            throw std::runtime_error("cannot start training process " + std::to_string(rank) +
                                     ": " + reason);
        }
        if (job)
            AssignProcessToJobObject(job, process.hProcess);
        CloseHandle(process.hThread);
        handles.push_back(process.hProcess);
    }

    using Clock = std::chrono::steady_clock;
    std::vector<bool> done(handles.size(), false);
    int running = processes;
    int firstFailure = -1;
    int failureCode = 0;
    Clock::time_point stopBy{};
    bool terminated = false;
    while (running > 0) {
        std::vector<HANDLE> waiting;
        for (std::size_t rank = 0; rank < handles.size(); ++rank)
            if (!done[rank])
                waiting.push_back(handles[rank]);
        // Windows has no SIGTERM: ranks still running after the grace are terminated.
        const DWORD result =
            WaitForMultipleObjects(static_cast<DWORD>(waiting.size()), waiting.data(), FALSE, 100);
        if (result == WAIT_FAILED)
            break;
        if (result < WAIT_OBJECT_0 + waiting.size()) {
            const HANDLE finished = waiting[result - WAIT_OBJECT_0];
            for (std::size_t rank = 0; rank < handles.size(); ++rank) {
                if (handles[rank] != finished)
                    continue;
                done[rank] = true;
                --running;
                DWORD code = 0;
                GetExitCodeProcess(finished, &code);
                if (firstFailure < 0 && code != 0) {
                    firstFailure = static_cast<int>(rank);
                    failureCode = static_cast<int>(code);
                    std::cerr << "crowdkd: training process " << rank << " exited with status "
                              << code << "\n";
                    stopBy = Clock::now() + kStopGrace + kKillGrace;
                }
            }
            continue;
        }
        if (firstFailure >= 0 && !terminated && Clock::now() >= stopBy) {
            std::cerr << "crowdkd: stopping the training processes that are still running\n";
            for (std::size_t rank = 0; rank < handles.size(); ++rank)
                if (!done[rank])
                    TerminateProcess(handles[rank], 1);
            terminated = true;
        }
    }
    cleanUp();
    return failureCode;
}

#else

namespace {

volatile std::sig_atomic_t g_signal = 0;

void onSignal(int signal) {
    g_signal = signal;
}

std::string describeStatus(int status) {
    if (WIFSIGNALED(status))
        return std::string("was killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
               strsignal(WTERMSIG(status)) + ")";
    return "exited with status " + std::to_string(WEXITSTATUS(status));
}

int exitCodeOf(int status) {
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

} // namespace

int launchLocalRanks(int processes) {
    const pipeline::Rendezvous rendezvous;
    const std::vector<std::string> args = rankCommandLine();
    std::vector<std::string> shared;
    for (char** variable = environ; *variable; ++variable) {
        const std::string text = *variable;
        const std::string name = text.substr(0, text.find('='));
        // Ours replace whatever an outer launcher left.
        if (name != "RANK" && name != "LOCAL_RANK" && name != "WORLD_SIZE" &&
            name != "LOCAL_WORLD_SIZE" && name != "MASTER_ADDR" && name != "MASTER_PORT" &&
            name != "TORCHELASTIC_USE_AGENT_STORE")
            shared.push_back(text);
    }
    for (const auto& [name, value] : rendezvous.environment(processes))
        shared.push_back(name + "=" + value);

    struct sigaction action {};
    action.sa_handler = onSignal; // no SA_RESTART: waitpid returns to pass the signal on
    sigemptyset(&action.sa_mask);
    struct sigaction oldInt {
    }, oldTerm{};
    sigaction(SIGINT, &action, &oldInt);
    sigaction(SIGTERM, &action, &oldTerm);

    std::vector<pid_t> pids;
    const auto stopAll = [&](int signal) {
        for (pid_t pid : pids)
            if (pid > 0)
                kill(pid, signal);
    };
    for (int rank = 0; rank < processes; ++rank) {
        std::vector<std::string> environment = shared;
        environment.push_back("RANK=" + std::to_string(rank));
        environment.push_back("LOCAL_RANK=" + std::to_string(rank));
        std::vector<char*> argv, envp;
        for (const std::string& arg : args)
            argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        for (const std::string& variable : environment)
            envp.push_back(const_cast<char*>(variable.c_str()));
        envp.push_back(nullptr);
        // Their own process group: the terminal's Ctrl-C reaches the launcher alone, which passes
        // it on once; otherwise each rank would see it twice and quit at once.
        posix_spawnattr_t attributes;
        posix_spawnattr_init(&attributes);
        posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
        posix_spawnattr_setpgroup(&attributes, 0);
        pid_t pid = 0;
        const int error =
            posix_spawn(&pid, "/proc/self/exe", nullptr, &attributes, argv.data(), envp.data());
        posix_spawnattr_destroy(&attributes);
        if (error != 0) {
            stopAll(SIGTERM);
            for (pid_t started : pids)
                waitpid(started, nullptr, 0);
            sigaction(SIGINT, &oldInt, nullptr);
            sigaction(SIGTERM, &oldTerm, nullptr);
            throw std::runtime_error("cannot start training process " + std::to_string(rank) +
                                     ": " + std::strerror(error));
        }
        pids.push_back(pid);
    }

    using Clock = std::chrono::steady_clock;
    int running = processes;
    int firstFailure = -1;
    int failureCode = 0;
    Clock::time_point stopBy{}, killBy{};
    bool terminated = false;
    while (running > 0) {
        if (g_signal != 0) {
            stopAll(g_signal);
            g_signal = 0;
        }
        int status = 0;
        const pid_t pid = waitpid(-1, &status, firstFailure >= 0 ? WNOHANG : 0);
        if (pid > 0) {
            for (int rank = 0; rank < processes; ++rank) {
                if (pids[static_cast<std::size_t>(rank)] != pid)
                    continue;
                pids[static_cast<std::size_t>(rank)] = -1;
                --running;
                if (firstFailure < 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
                    firstFailure = rank;
                    failureCode = exitCodeOf(status);
                    std::cerr << "crowdkd: training process " << rank << " "
                              << describeStatus(status) << "\n";
                    stopBy = Clock::now() + kStopGrace;
                }
            }
            continue;
        }
        if (pid < 0 && errno != EINTR)
            break; // no children left
        if (firstFailure >= 0) {
            const auto now = Clock::now();
            if (!terminated && now >= stopBy) {
                std::cerr << "crowdkd: stopping the training processes that are still running\n";
                stopAll(SIGTERM);
                terminated = true;
                killBy = now + kKillGrace;
            } else if (terminated && now >= killBy) {
                stopAll(SIGKILL);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    sigaction(SIGINT, &oldInt, nullptr);
    sigaction(SIGTERM, &oldTerm, nullptr);
    return failureCode;
}

#endif

} // namespace crowdkd::cli
