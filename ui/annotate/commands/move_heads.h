#pragma once

#include <QPointF>
#include <QUndoCommand>
#include <QVector>

namespace crowdkd::ui {

class AnnotationDocument;

/// Moves a set of heads by one offset (a drag of one head or of a rubber-band selection).
class MoveHeadsCommand : public QUndoCommand {
public:
    MoveHeadsCommand(AnnotationDocument* document, const QVector<int>& indices,
                     const QPointF& offset);
    void redo() override;
    void undo() override;

private:
    AnnotationDocument* m_document;
    QVector<int> m_indices;
    QPointF m_offset;
};

} // namespace crowdkd::ui
