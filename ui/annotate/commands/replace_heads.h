#pragma once

#include <QPointF>
#include <QString>
#include <QUndoCommand>
#include <QVector>

namespace crowdkd::ui {

class AnnotationDocument;

/// Replaces all heads at once (recovering autosaved edits, clearing an image).
class ReplaceHeadsCommand : public QUndoCommand {
public:
    ReplaceHeadsCommand(AnnotationDocument* document, const QVector<QPointF>& points,
                        const QString& text);
    void redo() override;
    void undo() override;

private:
    AnnotationDocument* m_document;
    QVector<QPointF> m_before;
    QVector<QPointF> m_after;
};

} // namespace crowdkd::ui
