#pragma once

#include <QString>

namespace crowdkd::ui {

/// The LibTorch version the studio was built with (from <torch/version.h>).
QString libTorchVersion();

/// The OpenCV version the studio was built with.
QString openCvVersion();

} // namespace crowdkd::ui
