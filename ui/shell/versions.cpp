#include "shell/versions.h"

#include <opencv2/core/version.hpp>

namespace crowdkd::ui {

QString openCvVersion() {
    return QStringLiteral(CV_VERSION);
}

} // namespace crowdkd::ui
