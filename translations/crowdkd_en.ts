<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AnnotationCommands</name>
    <message numerus="yes">
        <source>Move %n head(s)</source>
        <translation>
            <numerusform>Move %n head</numerusform>
            <numerusform>Move %n heads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n head(s)</source>
        <translation>
            <numerusform>Remove %n head</numerusform>
            <numerusform>Remove %n heads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotateWorkspace</name>
    <message numerus="yes">
        <source>Unsaved edits of %1 from %2 were kept (%n head(s)). Recover them?</source>
        <translation>
            <numerusform>Unsaved edits of %1 from %2 were kept (%n head). Recover them?</numerusform>
            <numerusform>Unsaved edits of %1 from %2 were kept (%n heads). Recover them?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CrowdKD Studio did not close normally. Unsaved head annotations of %n image(s) were kept: %1.</source>
        <translation>
            <numerusform>CrowdKD Studio did not close normally. Unsaved head annotations of %n image were kept: %1.</numerusform>
            <numerusform>CrowdKD Studio did not close normally. Unsaved head annotations of %n images were kept: %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::CountWorkspace</name>
    <message numerus="yes">
        <source>%n image(s) counted</source>
        <translation>
            <numerusform>%n image counted</numerusform>
            <numerusform>%n images counted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <comment>images that could not be counted</comment>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetModel</name>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation>
            <numerusform>%n head</numerusform>
            <numerusform>%n heads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n head(s) outside the image (left out of density maps)</source>
        <translation>
            <numerusform>%n head outside the image (left out of density maps)</numerusform>
            <numerusform>%n heads outside the image (left out of density maps)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetWorkspace</name>
    <message numerus="yes">
        <source>%1 (%n image(s))</source>
        <translation>
            <numerusform>%1 (%n image)</numerusform>
            <numerusform>%1 (%n images)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>crowdkd::ui::MainWindow</name>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation>
            <numerusform>%n head</numerusform>
            <numerusform>%n heads</numerusform>
        </translation>
    </message>
</context>
</TS>
