#pragma once

#ifndef _WIN32

#include <cstdlib>
#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>

// Permission tests as root: root reads every file and folder whatever its mode, so tests that need
// a "permission denied" run that part as the user 'nobody' (POSIX only).
namespace crowdkd::test {

/// The user id of 'nobody', or -1 when there is no such user.
inline uid_t nobodyUid() {
    const passwd* nobody = ::getpwnam("nobody");
    return nobody ? nobody->pw_uid : static_cast<uid_t>(-1);
}

/// Runs the rest of a scope with the effective user `uid` (only root may), then as root again.
/// Files the scope reads must be reachable by that user (QTemporaryDir makes its folder 0700).
class EffectiveUser {
public:
    explicit EffectiveUser(uid_t uid)
        : m_changed(uid != static_cast<uid_t>(-1) && ::seteuid(uid) == 0) {}
    ~EffectiveUser() {
        if (m_changed && ::seteuid(0) != 0)
            std::abort(); // the rest of the tests would run as someone else
    }
    EffectiveUser(const EffectiveUser&) = delete;
    EffectiveUser& operator=(const EffectiveUser&) = delete;

    bool changed() const { return m_changed; }

private:
    bool m_changed;
};

} // namespace crowdkd::test

#endif // _WIN32
