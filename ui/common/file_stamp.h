#pragma once

#include <QDateTime>
#include <QFileInfo>
#include <QString>

namespace crowdkd::ui {

/// A file's size and modification time ("size@msecs"), to notice that it was rewritten since it
/// was read (a run's best.pth, a ground truth another studio saved); empty when there is no such
/// file. Qt Core only, for the studio's inference library too.
inline QString fileStamp(const QString& path) {
    const QFileInfo file(path);
    if (!file.exists())
        return {};
    return QString::number(file.size()) + QLatin1Char('@') +
           QString::number(file.lastModified().toMSecsSinceEpoch());
}

} // namespace crowdkd::ui
