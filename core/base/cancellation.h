#pragma once

#include <functional>
#include <stdexcept>

namespace crowdkd {

/// Thrown by a long computation that stopped because its caller asked it to (see CancelCheck).
class Cancelled : public std::runtime_error {
public:
    Cancelled()
        : std::runtime_error("cancelled") {}
};

/// Asked now and then by long computations (density maps and their cache): true makes them stop
/// by throwing Cancelled; an empty check never cancels. It is called on the computing thread,
/// every few milliseconds of work, so it must be cheap (an atomic flag read).
using CancelCheck = std::function<bool()>;

/// Throws Cancelled when `check` is set and says so.
inline void throwIfCancelled(const CancelCheck& check) {
    if (check && check())
        throw Cancelled();
}

} // namespace crowdkd
